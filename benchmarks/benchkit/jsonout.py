"""Writing and reading the JSON results file (all raw samples plus the environment)."""

import json
import os


def _keys_to_str(obj):
    if isinstance(obj, dict):
        return {str(k): _keys_to_str(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_keys_to_str(v) for v in obj]
    return obj


def write(path: str, doc: dict) -> None:
    """Write doc as indented JSON, creating the parent directory."""
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(_keys_to_str(doc), f, indent=1)
        f.write("\n")


def read(path: str) -> dict:
    """Read a results file written by write()."""
    with open(path, encoding="utf-8") as f:
        return json.load(f)
