"""QR codes (segno) as raw pixels: one 8-bit gray pixel per module (black 0, white 255), no
quiet zone, row by row, so a square of side sqrt(len). The layout scales it up without
smoothing (Typst's `scaling: "pixelated"`). Raw pixels skip PNG writing, which took a third of
each code's time; Typst embeds either as a compressed image."""

import math

import segno

_MODULES_TO_GRAY = bytes.maketrans(b"\x00\x01", b"\xff\x00")


def qr_pixels(text: str) -> bytes:
    """The QR code of `text` (error correction M: readable with 15% of it damaged or folded).
    A fixed mask: choosing the best of the eight took most of the time, and every mask makes a
    valid code that phones read (the choice only evens out light and dark areas)."""
    code = segno.make_qr(text, error="m", mask=4, boost_error=False)
    return b"".join(bytes(row) for row in code.matrix).translate(_MODULES_TO_GRAY)


def side(pixels: bytes) -> int:
    """The side of the square, in modules."""
    return math.isqrt(len(pixels))
