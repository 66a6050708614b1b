"""The staff PIN: a salted scrypt hash, and a gate that locks after wrong tries (no Qt).

The configuration holds only ``scrypt$n$r$p$salt$hash`` (base64 salt and hash); the PIN itself
is never stored or logged.
"""

from __future__ import annotations

import base64
import enum
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from viewer.i18n import _, ngettext

log = logging.getLogger(__name__)

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
MIN_DIGITS, MAX_DIGITS = 4, 12
MAX_ATTEMPTS = 5
LOCKOUT_SECONDS = 60.0
MAX_SCRYPT_MEMORY = 2**26  # 64 MiB (128 * n * r bytes); --set-pin's settings use 16 MiB
MAX_SCRYPT_P = 4
STATE_FILE = "staff-pin.json"
"""Wrong tries and the lockout, in the state folder, so a restart does not clear them."""


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


def check_scrypt_settings(n: int, r: int, p: int) -> None:
    """Raise PinError unless scrypt's n, r and p are ones the kiosk can compute quickly.

    A hash with huge settings would need gigabytes and many seconds per try (Python refuses
    with "memory limit exceeded"), so every PIN try would fail without counting.
    """
    if n < 2 or n & (n - 1) or r < 1 or not 1 <= p <= MAX_SCRYPT_P:
        raise PinError(
            f"kiosk.staff_pin_hash has scrypt settings out of range (n={n}, r={r}, p={p}; n "
            f"must be a power of two and p 1 to {MAX_SCRYPT_P}). Run 'kiosk --set-pin' again."
        )
    if 128 * n * r > MAX_SCRYPT_MEMORY:
        raise PinError(
            f"kiosk.staff_pin_hash has scrypt settings that need {128 * n * r // 2**20} MiB "
            f"per try (at most {MAX_SCRYPT_MEMORY // 2**20} MiB). Run 'kiosk --set-pin' again."
        )


def hash_pin(
    pin: str, salt: bytes | None = None, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> str:
    """The string to store for ``pin``: ``scrypt$n$r$p$salt$hash`` with a fresh random salt."""
    check_pin_format(pin)
    check_scrypt_settings(n, r, p)
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    digest = _scrypt(pin, salt, n, r, p, HASH_BYTES)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    """scrypt of an ASCII ``pin``, with the memory limit its settings need.

    hashlib is imported here: it maps OpenSSL's libcrypto (about 1.5 MiB PSS), which the
    kiosk needs only when someone sets or enters a staff PIN.
    """
    import hashlib

    # the memory limit to give OpenSSL: what n and r need, plus room for its overhead
    maxmem = 128 * n * r + 2**20
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=maxmem)


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
        check_scrypt_settings(n, r, p)
        if len(salt) < 8 or not 16 <= len(digest) <= 64:
            raise PinError("kiosk.staff_pin_hash is too short to be a PIN hash.")
        return cls(n, r, p, salt, digest)

    def describe(self) -> str:
        """The settings, for IT (never the hash)."""
        return f"scrypt n={self.n} r={self.r} p={self.p}, {128 * self.n * self.r // 2**20} MiB"

    def matches(self, pin: str) -> bool:
        """True when ``pin`` hashes to the stored digest (constant-time comparison)."""
        if not pin.isascii():
            return False
        check_scrypt_settings(self.n, self.r, self.p)
        import hmac  # imports hashlib (see _scrypt)

        digest = _scrypt(pin, self.salt, self.n, self.r, self.p, len(self.digest))
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

    Wrong tries and the lockout are kept in ``state`` (a small JSON file in the state folder)
    when one is given, so restarting the kiosk does not clear them, and are logged (never the
    digits). ``clock`` returns wall-clock seconds; tests pass a fake one.
    """

    def __init__(
        self,
        stored: str,
        clock: Callable[[], float] = time.time,
        max_attempts: int = MAX_ATTEMPTS,
        lockout: float = LOCKOUT_SECONDS,
        state: Path | None = None,
    ) -> None:
        self.clock = clock
        self.max_attempts = max_attempts
        self.lockout = lockout
        self.state = state
        self.failures = 0
        self.locked_until = 0.0
        self._stored: StoredPin | None = None
        self.problem = ""
        if stored.strip():
            try:
                self._stored = StoredPin.parse(stored)
            except PinError as exc:
                self.problem = str(exc)
        self._load()

    # -- the state file ------------------------------------------------------------------
    def _load(self) -> None:
        if self.state is None or not self.state.exists():
            return
        try:
            data = json.loads(self.state.read_text(encoding="utf-8"))
            failures, until = int(data["failures"]), float(data["locked_until"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("Staff PIN state %s unreadable (%s); counting from zero", self.state, exc)
            return
        self.failures = max(0, min(failures, self.max_attempts - 1))
        # A clock set back must not lock the pad for longer than one lockout.
        self.locked_until = min(until, self.clock() + self.lockout)
        if self.seconds_locked():
            log.warning(
                "Staff PIN pad still locked for %d s (kept over a restart)", self.seconds_locked()
            )

    def _save(self) -> None:
        if self.state is None:
            return
        data = json.dumps({"failures": self.failures, "locked_until": self.locked_until})
        tmp = self.state.with_name(self.state.name + ".tmp")
        try:
            self.state.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(data)
            os.replace(tmp, self.state)
        except OSError as exc:
            log.warning("Cannot keep the staff PIN state in %s (%s)", self.state, exc)

    # -- checking ------------------------------------------------------------------------
    @property
    def configured(self) -> bool:
        """True when a usable PIN hash is configured."""
        return self._stored is not None

    def describe(self) -> str:
        """For IT and the start-up log: set (with its settings), not set, or what is wrong."""
        if self._stored is not None:
            return f"set ({self._stored.describe()})"
        return f"unusable: {self.problem}" if self.problem else "not set"

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
                    _("The staff PIN setting is damaged. Ask IT to run 'kiosk --set-pin' again."),
                )
            return Answer(
                Outcome.NOT_SET,
                _("No staff PIN is set up on this kiosk. Ask IT to run 'kiosk --set-pin'."),
            )
        wait = self.seconds_locked()
        if wait:
            return Answer(Outcome.LOCKED, _too_many(wait))
        return None

    def attempt(self, pin: str) -> Answer:
        """Check one PIN entry."""
        blocked = self.status()
        if blocked is not None:
            return blocked
        assert self._stored is not None
        try:
            right = self._stored.matches(pin)
        except (ValueError, MemoryError) as exc:  # the hash cannot be computed here
            self.problem = f"kiosk.staff_pin_hash cannot be checked ({exc})"
            log.error("Staff PIN: %s", self.problem)
            self._stored = None
            blocked = self.status()
            assert blocked is not None
            return blocked
        if right:
            if self.failures:
                log.info("Staff PIN accepted after %d wrong tries", self.failures)
            else:
                log.info("Staff PIN accepted")
            self.failures = 0
            self._save()
            return Answer(Outcome.ACCEPTED, _("Staff mode."))
        self.failures += 1
        if self.failures >= self.max_attempts:
            log.warning(
                "Staff PIN: %d wrong PINs; the pad is locked for %d seconds",
                self.failures,
                int(self.lockout),
            )
            self.failures = 0
            self.locked_until = self.clock() + self.lockout
            self._save()
            return Answer(Outcome.LOCKED, _too_many(int(self.lockout)))
        log.warning("Staff PIN: wrong PIN (%d of %d)", self.failures, self.max_attempts)
        self._save()
        left = self.max_attempts - self.failures
        return Answer(
            Outcome.WRONG,
            ngettext(
                "Wrong PIN. {n} more try before the pad locks for a minute.",
                "Wrong PIN. {n} more tries before the pad locks for a minute.",
                left,
            ).format(n=left),
        )


def _too_many(seconds: int) -> str:
    """The locked pad's words, in the screens' language."""
    return ngettext(
        "Too many wrong PINs. Try again in {n} second.",
        "Too many wrong PINs. Try again in {n} seconds.",
        seconds,
    ).format(n=seconds)
