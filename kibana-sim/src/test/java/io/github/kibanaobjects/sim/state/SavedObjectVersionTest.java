package io.github.kibanaobjects.sim.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SavedObjectVersionTest {

  @Test
  void encodesLikeKibana() {
    assertThat(SavedObjectVersion.encode(0, 1)).isEqualTo("WzAsMV0=");
    assertThat(SavedObjectVersion.encode(1, 1)).isEqualTo("WzEsMV0=");
    assertThat(SavedObjectVersion.encode(12, 3)).isEqualTo("WzEyLDNd");
  }

  @Test
  void decodesWhatItEncodesAndRejectsAnythingElse() {
    assertThat(SavedObjectVersion.decode("WzEyLDNd"))
        .isEqualTo(new SavedObjectVersion.Decoded(12, 3));
    assertThat(SavedObjectVersion.decode("not base64!")).isNull();
    assertThat(SavedObjectVersion.decode("aGVsbG8=")).isNull();
  }
}
