"""Bytes to text for the ingest readers: the file's main encoding, and each record's own.

A file is cut into records with its main encoding (bad bytes kept as lone surrogates by
``surrogateescape``, so nothing is lost); each record is then decoded on its own. So one
record in a legacy encoding neither garbles the UTF-8 records around it nor is rejected
with them, and a configured encoding still holds for the whole file.
"""

from __future__ import annotations

import codecs
import io
import re
from typing import BinaryIO

from charset_normalizer import from_bytes

UNDECODABLE_RE = re.compile("[\udc80-\udcff]")  # what surrogateescape leaves for bad bytes
SURROGATE_RE = re.compile("[\ud800-\udfff]")  # any lone surrogate (JSON "\ud800" too): not writable as UTF-8
_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
_DETECT_SAMPLE_BYTES = 1 << 20
_MIN_LEGACY_BYTES = 32  # non-ASCII bytes a legacy codec other than GB18030 is guessed from
_ASCII = bytes(range(128))


def detect_encoding(sample: bytes, configured: str = "auto") -> str:
    """The file's main encoding: as configured, else from a BOM, else UTF-8 unless most of
    the sample's non-ASCII lines are not valid UTF-8, then the codec that reads those
    lines. In auto mode this only decides how the file is cut into records; each record
    is then decoded on its own (``RecordDecoder``)."""
    if configured != "auto":
        return codecs.lookup(configured).name
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(sample) >= _DETECT_SAMPLE_BYTES and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]  # a sample cut mid-character misleads detectors
    lines = sample.splitlines()
    valid, invalid = 0, []
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        if _decode_utf8(line, final=i < len(lines) - 1) is not None:
            valid += 1
        else:
            invalid.append(line)
    # Counted by lines, so one long legacy-encoded record cannot outvote the UTF-8 ones.
    if len(invalid) <= valid:
        return "utf-8"
    legacy = b"\n".join(invalid)
    if _gb18030_han(legacy) is not None:
        return "gb18030"
    # a few stray bytes in ASCII text are damage, not evidence of a legacy codec
    if len(legacy.translate(None, _ASCII)) < _MIN_LEGACY_BYTES:
        return "utf-8"
    return _guess_codec(legacy) or "utf-8"


def _decode_utf8(data: bytes, final: bool = True) -> str | None:
    """UTF-8 text, or None; ``final=False`` forgives a character cut at the end."""
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final)
    except UnicodeDecodeError:
        return None


def _decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _gb18030_han(data: bytes) -> str | None:
    """The text when the bytes are GB18030 Han text: they decode cleanly, and their
    non-ASCII characters are mostly Han characters of GB2312 (common Chinese). Latin-1
    accents read as GB18030 pairs also decode cleanly, but into rare characters outside it."""
    text = _decode(data, "gb18030")
    if text is None:
        return None
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    ascii_count = len(text) - non_ascii
    in_gb2312 = (len(text.encode("gb2312", "ignore")) - ascii_count) // 2
    han = len(_HAN_RE.findall(text))
    return text if han and 2 * han >= non_ascii and 10 * in_gb2312 >= 9 * non_ascii else None


def _guess_codec(data: bytes) -> str | None:
    """charset-normalizer's guess, GB2312/GBK widened to GB18030."""
    best = from_bytes(data).best()
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name
    return "gb18030" if name in ("gb2312", "gbk", "hz") else name


class RecordDecoder:
    """One record's bytes -> text, or None when they cannot be read.

    A configured encoding holds for the whole file. In auto mode (an ASCII-compatible
    main codec) each record is decoded on its own: UTF-8 first, then the file's main
    codec, then GB18030 when the bytes read as Han text. So one legacy-encoded record
    neither garbles the UTF-8 records around it nor gets garbled by them. Nothing is
    guessed from one record's bytes beyond that: a short record is too little evidence
    (charset-normalizer calls 'caf\\xe9' cp1250, a stray byte anything), and a wrong
    guess keeps mojibake where a reject keeps the count honest."""

    def __init__(self, codec: str, auto: bool):
        self.codec = codec
        self.per_record = auto and b"a\n".decode(codec, "replace") == "a\n"
        utf8 = "utf-8-sig" if codec == "utf-8-sig" else "utf-8"
        self._utf8_main = codec == utf8
        self._reencode = "utf-8" if self._utf8_main else codec  # text decoded with surrogateescape -> its bytes
        # a single-byte codec reads any bytes, Han text too: it comes after the GB18030 check
        single_byte = _decode(b"\xe9", codec) is not None
        self._before_han = [utf8] + ([codec] if not self._utf8_main and not single_byte else [])
        self._after_han = [codec] if not self._utf8_main and single_byte else []

    def decoded(self, data: bytes) -> tuple[str, str] | None:
        """(the codec that reads this record's bytes, the text); None: none reads them."""
        if not self.per_record:
            try:
                text = data.decode(self.codec, "surrogateescape")
            except UnicodeDecodeError:  # codecs whose errors surrogateescape cannot hold
                return None
            return None if UNDECODABLE_RE.search(text) else (self.codec, text)
        for codec in self._before_han:
            text = _decode(data, codec)
            if text is not None:
                return codec, text
        text = _gb18030_han(data)
        if text is not None:
            return "gb18030", text
        for codec in self._after_han:
            text = _decode(data, codec)
            if text is not None:
                return codec, text
        return None

    def decode(self, data: bytes) -> str | None:
        found = self.decoded(data)
        return None if found is None else found[1]

    def redecode(self, parts: list[str]) -> list[str] | None:
        """The parts of one record, as cut from text decoded with the main codec (bad bytes
        kept by surrogateescape), decoded as that record's bytes; None: undecodable."""
        clean = not any(UNDECODABLE_RE.search(p) for p in parts)
        if not self.per_record or (clean and self._utf8_main):
            return parts if clean else None
        try:
            raw = [p.encode(self._reencode, "surrogateescape") for p in parts]
        except UnicodeEncodeError:
            return None
        found = self.decoded(b"\n".join(raw))
        if found is None:
            return None
        texts = [_decode(r, found[0]) for r in raw]
        return None if None in texts else texts


def peek(stream: BinaryIO, n: int = _DETECT_SAMPLE_BYTES) -> tuple[bytes, BinaryIO]:
    """Read a sample without losing it: returns the sample and a stream that replays it."""
    sample = stream.read(n)
    return sample, _Replay(sample, stream)


class _Replay(io.RawIOBase):
    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._pos, self._rest = head, 0, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        if self._pos < len(self._head):
            n = min(len(buf), len(self._head) - self._pos)
            buf[:n] = self._head[self._pos:self._pos + n]
            self._pos += n
            return n
        data = self._rest.read(len(buf))
        buf[:len(data)] = data
        return len(data)


def text_stream(stream: BinaryIO, encoding: str, newline: str | None = "") -> io.TextIOWrapper:
    """Decoded text; bad bytes become lone surrogates so the record holding them, not
    the whole file, is decoded again on its own or rejected (see ``RecordDecoder``)."""
    return io.TextIOWrapper(io.BufferedReader(stream) if not isinstance(stream, io.BufferedIOBase) else stream,
                            encoding=encoding, errors="surrogateescape", newline=newline)
