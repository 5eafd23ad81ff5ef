"""The command line: `python -m bot` (see bot/cli/main.py) and `index_docs.py`."""
