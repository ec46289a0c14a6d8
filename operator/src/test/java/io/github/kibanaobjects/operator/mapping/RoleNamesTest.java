package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kibanaobjects.operator.api.v1alpha1.KibanaRoleSpec;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.util.ArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RoleNamesTest {
  @Test
  void reservedRolesAndDotSegmentsAreInvalidSpec() {
    for (var name : new String[] {"superuser", "kibana_system", "viewer", ".", ".."}) {
      assertThatThrownBy(() -> RoleNames.requireManageable(name))
          .isInstanceOfSatisfying(
              OperatorException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_SPEC))
          .hasMessageContaining(name);
    }
    assertThat(RoleNames.requireManageable("vega-publisher")).isEqualTo("vega-publisher");
    assertThat(RoleNames.requireManageable("...")).isEqualTo("...");
    assertThat(RoleNames.refused("Superuser")).isFalse();
  }

  /**
   * The CRD's CEL rule lists the same names, so admission and the controller agree (the CRD itself
   * is checked against the classes by CrdsUpToDateTest).
   */
  @Test
  void theCrdRuleListsExactlyTheseNames() {
    var rule = KibanaRoleSpec.NAME_RULE;
    var names = new ArrayList<String>();
    var quoted = Pattern.compile("'([^']*)'").matcher(rule);
    while (quoted.find()) {
      names.add(quoted.group(1));
    }
    var expected = new ArrayList<>(RoleNames.RESERVED);
    expected.add(".");
    expected.add("..");
    assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
  }
}
