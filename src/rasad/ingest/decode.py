"""Bytes to text: UTF-8 (with or without BOM), UTF-16, Windows-1256; binary files are refused."""

from __future__ import annotations

import codecs
import re

from rasad.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def decode_bytes(data: bytes, origin: str) -> tuple[str, list[str]]:
    """Decoded text and warnings about how it was decoded; InputError when it is not text."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode(data, codec, origin), []
    codec = _utf16_without_bom(data)
    if codec:
        return _decode(data, codec, origin), [f"{origin}: decoded as {codec} (no byte order mark)"]
    if b"\x00" in data:
        return _without_stray_nuls(data, origin)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _try_windows_1256(data)
        if text is None:
            raise InputError(
                f"{origin}: not valid UTF-8 (byte {exc.start}) and not Windows-1256 Persian text; "
                "convert it to UTF-8"
            ) from exc
        return _check_text(text, origin), [f"{origin}: decoded as Windows-1256"]
    return _check_text(text, origin), []


def _without_stray_nuls(data: bytes, origin: str) -> tuple[str, list[str]]:
    """UTF-8 text with a few NUL bytes (a broken export or a padded buffer) is read without them."""
    nuls = data.count(b"\x00")
    try:
        text = data.replace(b"\x00", b"").decode("utf-8") if nuls <= len(data) // 100 else None
    except UnicodeDecodeError:
        text = None
    if text is None or not text.strip():
        raise InputError(f"{origin}: binary data (NUL bytes), not a text article")
    return _check_text(text, origin), [f"{origin}: dropped {nuls} NUL byte(s) from otherwise valid UTF-8 text"]


def _decode(data: bytes, codec: str, origin: str) -> str:
    try:
        return _check_text(data.decode(codec), origin)
    except UnicodeDecodeError as exc:
        raise InputError(f"{origin}: broken {codec} text at byte {exc.start}") from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 codec when ASCII or Arabic-script text shows high bytes 0x00/0x06 in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    for high, codec in ((sample[1::2], "utf-16-le"), (sample[0::2], "utf-16-be")):
        share = sum(1 for b in high if b in (0x00, 0x06, 0xFB, 0xFE)) / len(high)
        if share > 0.9 and (b"\x00" in high or b"\x06" in high):
            return codec
    return None


def _try_windows_1256(data: bytes) -> str | None:
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        return None
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    arabic = sum(1 for c in letters if _ARABIC_SCRIPT.match(c))
    return text if arabic / len(letters) > 0.5 else None


def _check_text(text: str, origin: str) -> str:
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(8, len(text[:65536]) // 100):
        raise InputError(f"{origin}: binary data ({controls} control characters), not a text article")
    return text
