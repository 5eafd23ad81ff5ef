"""Index the knowledge folder (or the given files and folders) into the knowledge base.

    python index_docs.py [PATH ...] [--rebuild] [--json]
"""

from bot.cli.index import main

if __name__ == "__main__":
    main()
