"""The gateway's public /wechat: refuses unsigned and oversized callbacks itself, forwards the rest, 503 when down."""

from __future__ import annotations

import httpx

from bot.bench.wechat_callbacks import TOKEN, text_xml
from bot.gateway.app import create_app
from bot.gateway.config import GatewayConfig
from bot.wechat.app import MAX_BODY_BYTES
from tests.wechat.fakes import CallbackClient

WECHAT_PORT = 59082


class FakeChannel:
    """The WeChat process behind the gateway (an httpx transport): records what reaches it."""

    def __init__(self, up: bool = True) -> None:
        self.up = up
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.port != WECHAT_PORT:
            return httpx.Response(404)
        if not self.up:
            raise httpx.ConnectError("refused", request=request)
        self.requests.append(request)
        if request.method == "GET":
            return httpx.Response(200, text=request.url.params.get("echostr", ""))
        return httpx.Response(200, text="success")


def gateway(channel: FakeChannel, token: str | None = TOKEN) -> httpx.AsyncClient:
    config = GatewayConfig(
        rasa_url="http://127.0.0.1:59005", rasa_api_token="t", secret=b"s", public_url=None,
        wechat_token=token, wechat_port=WECHAT_PORT,
    )  # fmt: skip
    app = create_app(config, transport=httpx.MockTransport(channel))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway.test")


def signed() -> dict[str, str]:
    return CallbackClient("http://unused", TOKEN).query()


async def test_signed_callbacks_are_forwarded_with_their_query_and_body() -> None:
    channel = FakeChannel()
    async with gateway(channel) as client:
        query = signed()
        echo = await client.get("/wechat", params={**query, "echostr": "abc123"})
        assert echo.status_code == 200 and echo.text == "abc123"
        xml = text_xml("oPatient01", "你好")
        reply = await client.post(
            "/wechat", params=signed(), content=xml.encode(), headers={"content-type": "text/xml"}
        )
    assert reply.status_code == 200 and reply.text == "success"
    forwarded = channel.requests[-1]
    assert forwarded.url.path == "/wechat" and forwarded.url.host == "127.0.0.1"
    assert forwarded.content == xml.encode() and forwarded.url.params["signature"]


async def test_unsigned_wrongly_signed_and_oversized_callbacks_never_reach_the_channel() -> None:
    channel = FakeChannel()
    async with gateway(channel) as client:
        xml = text_xml("oPatient01", "你好").encode()
        assert (await client.post("/wechat", content=xml)).status_code == 403
        wrong = {**signed(), "signature": "f" * 40}
        assert (await client.post("/wechat", params=wrong, content=xml)).status_code == 403
        assert (await client.get("/wechat", params={**wrong, "echostr": "x"})).status_code == 403
        big = b"<xml>" + b"x" * MAX_BODY_BYTES + b"</xml>"
        assert (await client.post("/wechat", params=signed(), content=big)).status_code == 413
    assert channel.requests == []


async def test_503_at_once_when_the_channel_is_down_and_404_when_wechat_is_off() -> None:
    async with gateway(FakeChannel(up=False)) as client:
        reply = await client.post("/wechat", params=signed(), content=b"<xml></xml>")
        assert reply.status_code == 503
    async with gateway(FakeChannel(), token=None) as client:
        assert (await client.post("/wechat", params=signed(), content=b"<xml></xml>")).status_code == 404
