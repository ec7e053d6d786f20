#!/usr/bin/env python3
"""Checks that `gleaner extract --format json` writes what extract/article.schema.json documents.

usage: check_schema.py GLEANER_BINARY SCHEMA PAGE...
Extracts every PAGE in one run and validates each article against the schema (JSON Schema 2020-12),
and checks that the schema's required list names every field the output has (nothing undocumented).
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import jsonschema


def main():
    gleaner, schema_path, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    documented = set(schema["properties"])
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([gleaner, "extract", "--format", "json", "--output-dir", out, *pages], check=True)
        outputs = sorted(Path(out).glob("*.json"))
        if len(outputs) != len(pages):
            sys.exit(f"{len(pages)} pages but {len(outputs)} outputs")
        failures = 0
        for path in outputs:
            article = json.loads(path.read_text(encoding="utf-8"))
            for error in validator.iter_errors(article):
                failures += 1
                print(f"{path.name}: {'/'.join(map(str, error.path))}: {error.message}")
            for key in set(article) - documented:
                failures += 1
                print(f"{path.name}: field {key} is not in the schema")
        if failures:
            sys.exit(f"{failures} schema violations")
        print(f"{len(outputs)} articles match {Path(schema_path).name} (schema_version {schema['properties']['schema_version']['const']})")


if __name__ == "__main__":
    main()
