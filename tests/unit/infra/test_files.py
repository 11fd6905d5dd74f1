"""Stored files: the folder from CHAMPIONS_FILES_DIR, generated names, paths under the folder
only, storing by rename or from bytes, and removing."""

import re
from pathlib import Path

import pytest

from champions.infra import files
from champions.infra.files import (
    files_dir,
    incoming_dir,
    new_public_id,
    new_stored_name,
    remove,
    store,
    store_bytes,
    stored_path,
)


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "stored files"
    monkeypatch.setenv("CHAMPIONS_FILES_DIR", str(folder))
    return folder


def test_the_folder_comes_from_the_environment_and_is_made(root):
    assert not root.exists()
    assert files_dir() == root
    assert root.is_dir()
    assert files_dir() == root  # a second call with the folder present


def test_a_relative_folder_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHAMPIONS_FILES_DIR", "uploads/../kept")
    assert files_dir() == tmp_path.resolve() / "kept"
    assert (tmp_path / "kept").is_dir() and not (tmp_path / "uploads").exists()


@pytest.mark.parametrize("unset", [True, False])
def test_without_a_folder_set_the_default_is_data_files(tmp_path, monkeypatch, unset):
    monkeypatch.chdir(tmp_path)
    if unset:
        monkeypatch.delenv("CHAMPIONS_FILES_DIR", raising=False)
    else:
        monkeypatch.setenv("CHAMPIONS_FILES_DIR", "")
    assert files.DEFAULT_FILES_DIR == "data/files"
    assert files_dir() == tmp_path.resolve() / "data" / "files"
    assert (tmp_path / "data" / "files").is_dir()


def test_incoming_is_a_hidden_folder_inside_the_files_folder(root):
    assert incoming_dir() == root / ".incoming"
    assert (root / ".incoming").is_dir()


def test_stored_names_are_32_lowercase_hex_digits_and_new_each_time():
    names = {new_stored_name() for _ in range(50)}
    assert len(names) == 50
    assert all(re.fullmatch(r"[0-9a-f]{32}", name) for name in names)


def test_public_ids_are_24_url_safe_characters_and_new_each_time():
    ids = {new_public_id() for _ in range(50)}
    assert len(ids) == 50
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{24}", public_id) for public_id in ids)


def test_a_stored_path_is_in_a_subfolder_named_by_the_first_two_characters(root):
    name = "0f" + "a" * 30
    assert stored_path(name) == root / "0f" / name
    assert not (root / "0f").exists()  # naming a path makes no folder


@pytest.mark.parametrize(
    "name",
    [
        "",
        "..",
        "../etc/passwd",
        "ab/../../x",
        "/etc/passwd",
        "ab/cd",
        "ab\\cd",
        "a.b",
        "ab cd",
        "ab\x00",
        "~root",
    ],
)
def test_names_that_are_not_ours_are_refused(root, name):
    with pytest.raises(ValueError, match="not a stored name"):
        stored_path(name)
    with pytest.raises(ValueError, match="not a stored name"):
        remove(name)


def test_store_moves_the_received_file_under_a_generated_name(root):
    temp = incoming_dir() / "upload.part"
    temp.write_bytes(b"%PDF-1.4 content")
    name = store(str(temp))
    assert re.fullmatch(r"[0-9a-f]{32}", name)
    target = root / name[:2] / name
    assert target.read_bytes() == b"%PDF-1.4 content"
    assert not temp.exists()
    assert stored_path(name) == target


def test_store_of_a_missing_file_raises_and_stores_nothing(root):
    with pytest.raises(FileNotFoundError):
        store(str(root / "never-received"))
    assert [path for path in root.rglob("*") if path.is_file()] == []


def test_store_bytes_writes_a_new_file_each_time(root):
    first, second = store_bytes(b"same"), store_bytes(b"same")
    assert first != second
    assert stored_path(first).read_bytes() == b"same" == stored_path(second).read_bytes()
    assert stored_path(first).parent == root / first[:2]
    empty = store_bytes(b"")
    assert stored_path(empty).read_bytes() == b""


def test_remove_deletes_the_file_and_ignores_one_already_gone(root):
    name = store_bytes(b"x")
    other = store_bytes(b"y")
    remove(name)
    assert not stored_path(name).exists()
    remove(name)  # already gone: no error
    remove("f" * 32)  # never stored
    assert stored_path(other).read_bytes() == b"y"
