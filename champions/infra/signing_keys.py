"""The issuer's Ed25519 signing keys, kept as JWK files outside the database and the repository
(CHAMPIONS_KEYS_DIR, by default ~/.local/share/champions/keys): a folder only its owner can
open, one file per key (0600), named by the key's RFC 7638 thumbprint, which is also its `kid`.
`current` names the key that signs. Rotating makes a new current key and strips the private
half from the old one, whose public half stays published so that what it signed still
verifies."""

import json
import os
from pathlib import Path

from joserfc.jwk import OKPKey

CURRENT = "current"


class SigningKeyMissing(Exception):
    """No signing key: `python -m champions keys generate` makes one."""


def keys_dir() -> Path:
    default = Path.home() / ".local" / "share" / "champions" / "keys"
    return Path(os.environ.get("CHAMPIONS_KEYS_DIR") or default)


def _write_owner_only(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(text)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def _folder() -> Path:
    folder = keys_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    return folder


def _current_kid(folder: Path) -> str | None:
    marker = folder / CURRENT
    return marker.read_text().strip() if marker.exists() else None


def generate_key(*, if_missing: bool = False) -> tuple[str, bool]:
    """(kid of the current key, whether it was made now). Without `if_missing`, refuses to
    replace an existing key (that is `rotate_key`) by raising FileExistsError."""
    folder = _folder()
    kid = _current_kid(folder)
    if kid is not None and (folder / f"{kid}.jwk").exists():
        if if_missing:
            return kid, False
        raise FileExistsError(f"A signing key exists ({kid}); use `keys rotate` to replace it.")
    return _new_key(folder), True


def _new_key(folder: Path) -> str:
    key = OKPKey.generate_key("Ed25519", auto_kid=True)
    kid = key.kid
    _write_owner_only(folder / f"{kid}.jwk", json.dumps(key.as_dict(private=True)))
    _write_owner_only(folder / CURRENT, kid + "\n")
    return kid


def rotate_key() -> tuple[str, str | None]:
    """(new kid, old kid): a new current key; the old one keeps only its public half."""
    folder = _folder()
    old = _current_kid(folder)
    kid = _new_key(folder)
    if old and (folder / f"{old}.jwk").exists():
        public = OKPKey.import_key(json.loads((folder / f"{old}.jwk").read_text())).as_dict(private=False)
        _write_owner_only(folder / f"{old}.jwk", json.dumps({**public, "kid": old}))
    return kid, old


def signing_key() -> OKPKey:
    """The current private key. Raises SigningKeyMissing."""
    folder = keys_dir()
    kid = _current_kid(folder) if folder.exists() else None
    path = folder / f"{kid}.jwk" if kid else None
    if path is None or not path.exists():
        raise SigningKeyMissing(
            "The issuer's signing key is missing: run `python -m champions keys generate`."
        )
    key = OKPKey.import_key(json.loads(path.read_text()))
    if not key.is_private:
        raise SigningKeyMissing(f"The current key {kid} has no private half: run `keys rotate`.")
    return key


def public_jwks() -> dict:
    """Every key's public half (current and rotated), each with its kid, as a JWK Set."""
    folder = keys_dir()
    keys = []
    for path in sorted(folder.glob("*.jwk")) if folder.exists() else []:
        data = json.loads(path.read_text())
        public = OKPKey.import_key(data).as_dict(private=False)
        keys.append({**public, "kid": path.stem, "use": "sig", "alg": "EdDSA"})
    return {"keys": keys}
