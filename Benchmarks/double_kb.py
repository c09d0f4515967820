#!/usr/bin/env python3
"""Writes a copy of checklists/ and locales/ with every item twice (the copy's
id ends in -copy), for the growth benchmark of issue #10: does the time grow
linearly with the knowledge base?

    python3 Benchmarks/double_kb.py OUTPUT_DIR
"""
import os
import shutil
import sys

import yaml


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    output = sys.argv[1]
    shutil.rmtree(output, ignore_errors=True)
    shutil.copytree(os.path.join(root, "checklists"), os.path.join(output, "checklists"))
    shutil.copytree(os.path.join(root, "locales"), os.path.join(output, "locales"))
    items = os.path.join(output, "checklists", "items")
    for name in sorted(os.listdir(items)):
        path = os.path.join(items, name)
        with open(path) as handle:
            document = yaml.safe_load(handle)
        copies = []
        for item in document["items"]:
            copy = dict(item)
            copy["id"] = item["id"] + "-copy"
            copies.append(copy)
        document["items"] += copies
        with open(path, "w") as handle:
            yaml.safe_dump(document, handle, sort_keys=False, allow_unicode=True)
    for language in os.listdir(os.path.join(output, "locales")):
        path = os.path.join(output, "locales", language, "items.yml")
        with open(path) as handle:
            document = yaml.safe_load(handle)
        texts = document[language]["items"]
        for key in list(texts):
            texts[key + "-copy"] = texts[key]
        with open(path, "w") as handle:
            yaml.safe_dump(document, handle, sort_keys=False, allow_unicode=True)


if __name__ == "__main__":
    main()
