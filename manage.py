#!/usr/bin/env python
"""Django's manage.py; the `shisaku` console script is the same entry point."""

from shisaku.cli import main

if __name__ == "__main__":
    main()
