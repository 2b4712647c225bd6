"""The client of Rasa's REST channel: messages parsed, any failure is RasaUnavailable."""

from __future__ import annotations

import json

import httpx
import pytest

from bot.telegram.rasa_client import BotMessage, Button, RasaClient, RasaUnavailable, parse_messages, sender_id


def client(handler: httpx.MockTransport) -> RasaClient:
    return RasaClient("http://rasa.test", transport=handler)


async def test_sends_sender_and_message_and_parses_the_reply() -> None:
    seen: list[dict] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append({"path": request.url.path, **json.loads(request.content)})
        buttons = [{"title": "1+", "payload": '/answer{"choice": "1+"}'}, {"title": "Why?", "payload": "/ask_why"}]
        return httpx.Response(200, json=[
            {"recipient_id": "telegram:5", "text": "Question 1 of 12.", "buttons": buttons},
            {"recipient_id": "telegram:5", "text": "<b>not bold</b>"},
        ])  # fmt: skip

    rasa = client(httpx.MockTransport(answer))
    messages = await rasa.send(sender_id(5), "hello")
    await rasa.aclose()
    assert seen == [{"path": "/webhooks/rest/webhook", "sender": "telegram:5", "message": "hello"}]
    assert messages == [
        BotMessage("Question 1 of 12.", [Button("1+", '/answer{"choice": "1+"}'), Button("Why?", "/ask_why")]),
        BotMessage("<b>not bold</b>"),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ([], []),  # Rasa had nothing to say
        ([{"image": "http://x/y.png"}], []),  # only text and buttons are shown
        ([{"text": "", "buttons": [{"title": "Yes", "payload": "/affirm"}]}],
         [BotMessage("", [Button("Yes", "/affirm")])]),  # buttons alone
        ([{"text": "Hi", "buttons": [{"title": "Yes"}]}], [BotMessage("Hi", [Button("Yes", "Yes")])]),  # no payload
        ([{"text": "Hi", "buttons": "nonsense"}, "junk"], [BotMessage("Hi")]),
        ([{"text": 5}], []),  # not text
    ],
)  # fmt: skip
def test_parse_messages(raw: object, expected: list[BotMessage]) -> None:
    assert parse_messages(raw) == expected


@pytest.mark.parametrize(
    "answer",
    [
        lambda request: httpx.Response(500, text="Traceback (most recent call last): ..."),
        lambda request: httpx.Response(200, text="not json"),
        lambda request: httpx.Response(200, json={"not": "a list"}),
    ],
    ids=["error status", "not json", "not a list"],
)
async def test_bad_answers_are_rasa_unavailable(answer) -> None:  # type: ignore[no-untyped-def]
    rasa = client(httpx.MockTransport(answer))
    with pytest.raises(RasaUnavailable):
        await rasa.send("telegram:1", "hi")
    await rasa.aclose()


async def test_rasa_down_is_rasa_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    rasa = client(httpx.MockTransport(refuse))
    with pytest.raises(RasaUnavailable, match="ConnectError"):
        await rasa.send("telegram:1", "my words")
    await rasa.aclose()
