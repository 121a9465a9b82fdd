"""``python -m analysis COMMAND ...``: see :mod:`analysis.cli` (``--help`` lists the commands)."""
from __future__ import annotations

import sys

from analysis.cli.parser import build_parser, main

__all__ = ["build_parser", "main"]

if __name__ == "__main__":
    sys.exit(main())
