#!/usr/bin/env python3
"""Wrap a Vega or Vega-Lite chart file (for example Altair's chart.to_json()) into a
KibanaVisualization manifest, either inline or through a ConfigMap.

  python3 examples/charts/to-resource.py cars.vl.json --name cars-scatter --title Cars > cars.yaml
  python3 examples/charts/to-resource.py cars.vl.json --name cars --title Cars --configmap cars-chart

Inline data rows are written one per line so that a diff of the manifest shows which rows
changed. Needs PyYAML (pip install pyyaml, or apt-get install python3-yaml).
"""
import argparse
import json
import os
import sys

import yaml

API_VERSION = "kibanaobjects.github.io/v1alpha1"


class FlowMap(dict):
  """A mapping written on one line: a data row, or a short reference such as connectionRef."""


class FlowList(list):
  """A list of plain values written on one line, such as [0, 100]."""


class LiteralText(str):
  """A multi-line string written as a literal block, as kubectl create configmap would."""


class Dumper(yaml.SafeDumper):
  pass


Dumper.add_representer(
    FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))
Dumper.add_representer(
    FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
# kubectl reads YAML 1.1 as go-yaml v2 does, where a bare y, Y, n or N is a boolean; PyYAML
# writes them bare. A Vega-Lite "y" channel would then reach the API server as a key "true".
GO_YAML_BOOLEANS = {"y", "Y", "n", "N"}


def represent_str(dumper, value):
  if value in GO_YAML_BOOLEANS:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
  return yaml.SafeDumper.represent_str(dumper, value)


Dumper.add_representer(str, represent_str)
Dumper.add_representer(
    LiteralText, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|"))


def is_plain(value):
  return not isinstance(value, (dict, list))


def compact(node):
  """Marks lists of plain values and lists of flat rows for one-line output."""
  if isinstance(node, dict):
    return {key: compact(value) for key, value in node.items()}
  if isinstance(node, list):
    if all(is_plain(item) for item in node):
      return FlowList(node)
    if all(isinstance(item, dict) and all(map(is_plain, item.values())) for item in node):
      return [FlowMap(item) for item in node]
    return [compact(item) for item in node]
  return node


def chart_field(chart, forced):
  if forced:
    return forced
  schema = chart.get("$schema", "")
  if "vega-lite" in schema:
    return "vegaLite"
  if "/vega/" in schema:
    return "vega"
  sys.exit("cannot tell Vega from Vega-Lite without a $schema; pass --field vega or vegaLite")


def visualization(args, chart_spec):
  spec = {"connectionRef": FlowMap(name=args.connection), "space": args.space,
          "title": args.title}
  if args.description:
    spec["description"] = args.description
  spec.update(chart_spec)
  return {"apiVersion": API_VERSION, "kind": "KibanaVisualization",
          "metadata": {"name": args.name, "namespace": args.namespace}, "spec": spec}


def main():
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("chart", help="a .vl.json or .vega.json file")
  parser.add_argument("--name", required=True, help="resource name (and Kibana id)")
  parser.add_argument("--title", required=True)
  parser.add_argument("--description", default="")
  parser.add_argument("--namespace", default="kibana-demo")
  parser.add_argument("--connection", default="kibana")
  parser.add_argument("--space", default="default")
  parser.add_argument("--field", choices=["vegaLite", "vega"], help="default: from $schema")
  parser.add_argument("--configmap", metavar="NAME",
                      help="put the file in a ConfigMap and reference it with specFrom")
  parser.add_argument("--header", default="", help="comment lines to put on top")
  args = parser.parse_args()

  with open(args.chart, encoding="utf-8") as f:
    text = f.read()
  chart = json.loads(text)
  field = chart_field(chart, args.field)

  documents = []
  if args.configmap:
    key = os.path.basename(args.chart)
    documents.append({"apiVersion": "v1", "kind": "ConfigMap",
                      "metadata": {"name": args.configmap, "namespace": args.namespace},
                      "data": {key: LiteralText(text)}})
    documents.append(visualization(
        args, {"specFrom": {"configMapKeyRef": FlowMap(name=args.configmap, key=key)}}))
  else:
    documents.append(visualization(args, {field: compact(chart)}))

  out = sys.stdout
  for line in args.header.splitlines():
    out.write(("# " + line).rstrip() + "\n")
  out.write(yaml.dump_all(documents, Dumper=Dumper, sort_keys=False, width=100000,
                          allow_unicode=True, explicit_start=False))


if __name__ == "__main__":
  main()
