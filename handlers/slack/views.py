"""The "What was wrong?" modal that follows a 👎."""

from __future__ import annotations

import json

from slack_bolt import Ack, App

from bot.conversation import Requester

from handlers.slack.blocks import FEEDBACK_VIEW, feedback_comment
from handlers.slack.lazy import lazy_runner


def register(app: App, services) -> None:  # noqa: ANN001
    run = lazy_runner(services)

    def close(ack: Ack) -> None:
        ack()

    def store_comment(view: dict, body: dict) -> None:
        metadata = json.loads(view.get("private_metadata") or "{}")
        comment = feedback_comment((view.get("state") or {}).get("values") or {})
        if metadata.get("answer_id") and comment:
            services.assistant.record_feedback(metadata["answer_id"], rating=-1, comment=comment,
                                               user_ref=Requester.slack(body["user"]["id"]).ref, surface="slack")

    app.view(FEEDBACK_VIEW)(ack=close, lazy=[run(store_comment)])
