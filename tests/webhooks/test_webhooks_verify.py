"""Signature verification: vectors computed without the code under test, and every way it must fail."""

from __future__ import annotations

import pickle
import shutil
import subprocess

import pytest
from cal_client._errors import CalError
from cal_client.webhooks import _verify
from hypothesis import given
from hypothesis import strategies as st
from webhook_shapes import independent_hmac_sha256, js_stringify

from cal_client import webhooks

SECRET = "whsec_Zm9vYmFyLXNlY3JldC0xMjM"
BODY = js_stringify({"triggerEvent": "BOOKING_CREATED", "createdAt": "2025-10-01T09:30:00.538Z", "payload": {}})
UNICODE_BODIES = [
    "Zoë Ångström ✓ — booked 📅".encode(),
    js_stringify({"title": "面談 with 山田太郎", "notes": "Ünïcödé\u0301 \u200b zero-width"}),
    js_stringify({"rtl": "مرحبا", "emoji": "👩🏽‍💻🏳️‍🌈"}),
]


def independent(body: bytes, secret: str) -> str:
    return independent_hmac_sha256(secret.encode("utf-8"), body)


# --- known answers -------------------------------------------------------------------------------


def test_rfc4231_test_case_2() -> None:
    # RFC 4231 section 4.3: key "Jefe", data "what do ya want for nothing?".
    expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    assert webhooks.sign(b"what do ya want for nothing?", "Jefe") == expected
    webhooks.verify(b"what do ya want for nothing?", expected, "Jefe")


def test_independent_hmac_agrees_with_rfc4231() -> None:
    # Guards the test oracle itself, so the vectors below mean something.
    expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    assert independent_hmac_sha256(b"Jefe", b"what do ya want for nothing?") == expected


@pytest.mark.parametrize("body", [BODY, *UNICODE_BODIES], ids=["ascii-json", "unicode-text", "cjk-json", "emoji-json"])
def test_accepts_independently_computed_signature(body: bytes) -> None:
    signature = independent(body, SECRET)
    assert webhooks.sign(body, SECRET) == signature
    webhooks.verify(body, signature, SECRET)


@pytest.mark.parametrize("secret", ["ключ-🔑-secret", "x" * 200], ids=["unicode-secret", "longer-than-a-block"])
def test_secret_is_keyed_as_utf8(secret: str) -> None:
    webhooks.verify(BODY, independent(BODY, secret), secret)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to compute Cal.com's own signatures")
@pytest.mark.parametrize("body", UNICODE_BODIES, ids=["unicode-text", "cjk-json", "emoji-json"])
def test_matches_nodes_createhmac_like_cal_com(body: bytes) -> None:
    # Cal.com signs with Node: createHmac("sha256", secret).update(bodyString).digest("hex").
    script = (
        "const c=require('crypto');let d='';process.stdin.setEncoding('utf8');"
        "process.stdin.on('data',x=>d+=x);process.stdin.on('end',()=>"
        "process.stdout.write(c.createHmac('sha256',process.argv[1]).update(d).digest('hex')));"
    )
    secret = "s3cr3t-ü"
    node = subprocess.run(["node", "-e", script, secret], input=body, capture_output=True, timeout=30, check=True)
    signature = node.stdout.decode()
    assert len(signature) == 64
    webhooks.verify(body, signature, secret)


def test_text_body_is_encoded_as_utf8() -> None:
    body = UNICODE_BODIES[0]
    webhooks.verify(body.decode("utf-8"), independent(body, SECRET), SECRET)


def test_text_decoded_the_wrong_way_fails_rather_than_passes() -> None:
    body = UNICODE_BODIES[0]
    with pytest.raises(webhooks.WebhookVerificationError) as caught:
        webhooks.verify(body.decode("latin-1"), independent(body, SECRET), SECRET)
    assert caught.value.reason == "signature-mismatch"


@pytest.mark.parametrize("wrap", [bytearray, memoryview], ids=["bytearray", "memoryview"])
def test_accepts_bytes_like_bodies(wrap: type) -> None:
    webhooks.verify(wrap(BODY), independent(BODY, SECRET), SECRET)


def test_uppercase_hex_is_the_same_digest() -> None:
    webhooks.verify(BODY, independent(BODY, SECRET).upper(), SECRET)


def test_surrounding_whitespace_in_the_header_is_ignored() -> None:
    webhooks.verify(BODY, f"  {independent(BODY, SECRET)}\t", SECRET)


# --- failures ------------------------------------------------------------------------------------


def reason_of(body: bytes | str, signature: str | None, secret: str = SECRET) -> str:
    with pytest.raises(webhooks.WebhookVerificationError) as caught:
        webhooks.verify(body, signature, secret)
    return caught.value.reason


@pytest.mark.parametrize(
    "tampered",
    [
        BODY.replace(b"BOOKING_CREATED", b"BOOKING_CANCELLED"),
        BODY + b" ",
        BODY + b"\n",
        BODY[:-1],
        b"",
        BODY.replace(b",", b", "),
    ],
    ids=["changed-trigger", "trailing-space", "trailing-newline", "truncated", "empty", "reserialised"],
)
def test_tampered_body_fails(tampered: bytes) -> None:
    assert reason_of(tampered, independent(BODY, SECRET)) == "signature-mismatch"


def test_every_single_bit_flip_fails() -> None:
    signature = independent(BODY, SECRET)
    for index in range(0, len(BODY), 7):
        for bit in (0x01, 0x80):
            tampered = bytearray(BODY)
            tampered[index] ^= bit
            assert reason_of(bytes(tampered), signature) == "signature-mismatch"


def test_unicode_body_tampered_by_one_character_fails() -> None:
    body = UNICODE_BODIES[1]
    tampered = body.decode().replace("山田", "山本").encode()
    assert reason_of(tampered, independent(body, SECRET)) == "signature-mismatch"


def test_wrong_secret_fails() -> None:
    assert reason_of(BODY, independent(BODY, "another-secret")) == "signature-mismatch"
    assert reason_of(BODY, independent(BODY, SECRET + " ")) == "signature-mismatch"


@pytest.mark.parametrize("signature", [None, "", "   "], ids=["absent", "empty", "blank"])
def test_missing_signature_fails(signature: str | None) -> None:
    assert reason_of(BODY, signature) == "missing-signature"


def test_no_secret_provided_fails_when_a_secret_is_configured() -> None:
    assert reason_of(BODY, "no-secret-provided") == "no-secret-provided"
    assert reason_of(BODY, webhooks.sign(BODY, None)) == "no-secret-provided"


@pytest.mark.parametrize(
    "signature",
    [
        "sha256=" + independent(BODY, SECRET),
        independent(BODY, SECRET)[:-1],
        independent(BODY, SECRET) + "0",
        "z" * 64,
        "０" * 64,
        "é" * 64,
        "not a signature",
    ],
    ids=["github-style-prefix", "short", "long", "non-hex", "fullwidth-digits", "non-ascii", "words"],
)
def test_malformed_signature_fails(signature: str) -> None:
    assert reason_of(BODY, signature) == "malformed-signature"


def test_comparison_goes_through_compare_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[bytes, bytes]] = []
    real = _verify.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(_verify.hmac, "compare_digest", spy)
    webhooks.verify(BODY, independent(BODY, SECRET), SECRET)
    assert reason_of(BODY, independent(BODY, "other")) == "signature-mismatch"
    assert len(seen) == 2


# --- configuration and secrecy -------------------------------------------------------------------


def test_empty_secret_is_a_configuration_error_not_a_pass() -> None:
    with pytest.raises(ValueError, match="empty") as caught:
        webhooks.verify(BODY, "no-secret-provided", "")
    assert not isinstance(caught.value, webhooks.WebhookVerificationError)


def test_wrong_argument_types_raise_type_error() -> None:
    with pytest.raises(TypeError):
        webhooks.verify(BODY, independent(BODY, SECRET), b"bytes-secret")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        webhooks.verify({"a": 1}, independent(BODY, SECRET), SECRET)  # type: ignore[arg-type]


def test_sign_without_a_secret_is_what_cal_com_sends() -> None:
    assert webhooks.sign(BODY, None) == "no-secret-provided"
    assert webhooks.sign(BODY, "") == "no-secret-provided"


@pytest.mark.parametrize(
    "signature",
    [None, "no-secret-provided", "xyz", "0" * 64],
    ids=["missing", "no-secret", "malformed", "mismatch"],
)
def test_the_secret_never_leaks_from_the_error(signature: str | None) -> None:
    with pytest.raises(webhooks.WebhookVerificationError) as caught:
        webhooks.verify(BODY, signature, SECRET)
    error = caught.value
    rendered = [str(error), repr(error), *map(str, error.args), error.reason, repr(pickle.loads(pickle.dumps(error)))]
    assert all(SECRET not in text for text in rendered)
    # Nor the correct signature, which would let a caller forge this one body.
    assert all(independent(BODY, SECRET) not in text for text in rendered)


def test_error_is_part_of_the_project_hierarchy() -> None:
    error = webhooks.WebhookVerificationError("signature-mismatch")
    assert isinstance(error, CalError)
    assert isinstance(error, ValueError)
    assert pickle.loads(pickle.dumps(error)).reason == "signature-mismatch"


# --- properties ----------------------------------------------------------------------------------


@given(body=st.binary(max_size=2048), secret=st.text(min_size=1, max_size=80))
def test_any_body_and_secret_round_trip(body: bytes, secret: str) -> None:
    webhooks.verify(body, independent(body, secret), secret)


@given(body=st.binary(min_size=1, max_size=512), data=st.data())
def test_any_changed_byte_is_detected(body: bytes, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(body) - 1))
    delta = data.draw(st.integers(1, 255))
    tampered = bytearray(body)
    tampered[index] = (tampered[index] + delta) % 256
    with pytest.raises(webhooks.WebhookVerificationError):
        webhooks.verify(bytes(tampered), independent(body, SECRET), SECRET)
