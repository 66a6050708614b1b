"""The staff PIN: a salted scrypt hash, and a gate that locks after wrong tries (no Qt).

The configuration holds only ``scrypt$n$r$p$salt$hash`` (base64 salt and hash); the PIN itself
is never stored or logged.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
MIN_DIGITS, MAX_DIGITS = 4, 12
MAX_ATTEMPTS = 5
LOCKOUT_SECONDS = 60.0


class PinError(ValueError):
    """A PIN or a stored hash that cannot be used; the message says why in plain words."""


def check_pin_format(pin: str) -> None:
    """Raise PinError unless ``pin`` is 4 to 12 digits."""
    if not pin.isascii() or not pin.isdigit():
        raise PinError("The PIN must be digits only (0-9), to type on the touch pad.")
    if not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        raise PinError(f"The PIN must have {MIN_DIGITS} to {MAX_DIGITS} digits, not {len(pin)}.")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """The string to store for ``pin``: ``scrypt$n$r$p$salt$hash`` with a fresh random salt."""
    check_pin_format(pin)
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    digest = hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=HASH_BYTES
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


@dataclass(frozen=True)
class StoredPin:
    """A parsed ``scrypt$...`` string."""

    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes

    @classmethod
    def parse(cls, stored: str) -> StoredPin:
        """Parse a stored hash; PinError when it is not one that --set-pin writes."""
        parts = stored.strip().split("$")
        if len(parts) != 6 or parts[0] != "scrypt":
            raise PinError("kiosk.staff_pin_hash is not a PIN hash written by 'kiosk --set-pin'.")
        try:
            n, r, p = (int(x) for x in parts[1:4])
            salt = base64.b64decode(parts[4], validate=True)
            digest = base64.b64decode(parts[5], validate=True)
        except ValueError as exc:
            raise PinError(f"kiosk.staff_pin_hash is damaged ({exc}).") from None
        if n < 2 or n & (n - 1) or not 0 < r <= 64 or not 0 < p <= 16 or n > 2**20:
            raise PinError("kiosk.staff_pin_hash has scrypt settings out of range.")
        if len(salt) < 8 or len(digest) < 16:
            raise PinError("kiosk.staff_pin_hash is too short to be a PIN hash.")
        return cls(n, r, p, salt, digest)

    def matches(self, pin: str) -> bool:
        """True when ``pin`` hashes to the stored digest (constant-time comparison)."""
        if not pin.isascii():
            return False
        digest = hashlib.scrypt(
            pin.encode("ascii"),
            salt=self.salt,
            n=self.n,
            r=self.r,
            p=self.p,
            dklen=len(self.digest),
            maxmem=2**28,
        )
        return hmac.compare_digest(digest, self.digest)


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches the stored hash; PinError when the hash is unusable."""
    return StoredPin.parse(stored).matches(pin)


class Outcome(enum.Enum):
    """What happened to one PIN entry."""

    ACCEPTED = "accepted"
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_SET = "not set"
    BROKEN = "broken"


@dataclass(frozen=True)
class Answer:
    """The outcome of a try and the words to show on the pad."""

    outcome: Outcome
    message: str


class PinGate:
    """Checks PINs against the stored hash; five wrong PINs lock it for a minute.

    ``clock`` returns seconds (monotonic); tests pass a fake one.
    """

    def __init__(
        self,
        stored: str,
        clock: Callable[[], float] = time.monotonic,
        max_attempts: int = MAX_ATTEMPTS,
        lockout: float = LOCKOUT_SECONDS,
    ) -> None:
        self.clock = clock
        self.max_attempts = max_attempts
        self.lockout = lockout
        self.failures = 0
        self.locked_until = 0.0
        self._stored: StoredPin | None = None
        self.problem = ""
        if stored.strip():
            try:
                self._stored = StoredPin.parse(stored)
            except PinError as exc:
                self.problem = str(exc)

    @property
    def configured(self) -> bool:
        """True when a usable PIN hash is configured."""
        return self._stored is not None

    def seconds_locked(self) -> int:
        """Whole seconds until the pad opens again (0 when it is open)."""
        left = self.locked_until - self.clock()
        return int(left + 0.999) if left > 0 else 0

    def status(self) -> Answer | None:
        """Why the pad cannot be used right now, or None when it can."""
        if self._stored is None:
            if self.problem:
                return Answer(
                    Outcome.BROKEN,
                    "The staff PIN setting is damaged. Ask IT to run 'kiosk --set-pin' again.",
                )
            return Answer(
                Outcome.NOT_SET,
                "No staff PIN is set up on this kiosk. Ask IT to run 'kiosk --set-pin'.",
            )
        wait = self.seconds_locked()
        if wait:
            return Answer(Outcome.LOCKED, f"Too many wrong PINs. Try again in {wait} seconds.")
        return None

    def attempt(self, pin: str) -> Answer:
        """Check one PIN entry."""
        blocked = self.status()
        if blocked is not None:
            return blocked
        assert self._stored is not None
        if self._stored.matches(pin):
            self.failures = 0
            return Answer(Outcome.ACCEPTED, "Staff mode.")
        self.failures += 1
        if self.failures >= self.max_attempts:
            self.failures = 0
            self.locked_until = self.clock() + self.lockout
            return Answer(
                Outcome.LOCKED, f"Too many wrong PINs. Try again in {int(self.lockout)} seconds."
            )
        left = self.max_attempts - self.failures
        return Answer(
            Outcome.WRONG,
            f"Wrong PIN. {left} more tr{'y' if left == 1 else 'ies'} "
            "before the pad locks for a minute.",
        )
