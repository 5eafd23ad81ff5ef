"""Notices: typed records of what a person must be told, kept in an outbox until a platform accepted them.

kinds.py names every notice and who receives it; routing.py decides where each recipient is reached
(Slack, Teams, or the staff channel with the reason); outbox.py writes them in the caller's
transaction and delivers them with retries; sender.py is the contract each surface implements.
"""
