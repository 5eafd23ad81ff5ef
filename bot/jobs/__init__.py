"""Background jobs on huey: the outbox delivery, the introduction sweep, knowledge-base re-indexing and
large shared files.

queue.py picks the storage (a SQLite file by default; PostgreSQL or Redis to scale out); tasks.py
registers the same named tasks in every process, so any process may enqueue and any worker may run them.
"""
