"""What the snooze and pause notices say, once for every surface; each surface names its own way to act."""

from __future__ import annotations


def held(contact_name: str, until: str, *, withdraw: str) -> str:
    return (f"{contact_name} is away and not taking introductions until {until}. Your request waits for them "
            f"until then; {withdraw} if you would rather not wait.")


def paused(limit: int, *, resume: str) -> str:
    return (f"{limit} introduction requests to you expired without an answer, so I have stopped suggesting you in "
            f"matches for now. Answer a request, or {resume}, and you are suggested again. "
            "If you are busy, you can snooze suggestions there instead.")
