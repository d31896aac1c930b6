"""Telling a synced cloud folder or a network drive, where SQLite can be corrupted, from a local
folder."""

from pathlib import Path

import pytest

from readinggroups.store.location import shared_folder_risk


def mounts_file(tmp_path: Path, *entries: tuple[Path | str, str]) -> Path:
    """A /proc/mounts of the root file system and the given (mount point, type) entries, with
    the mount points escaped as the kernel writes them."""
    lines = ["/dev/vda / ext4 rw,relatime 0 0", "proc /proc proc rw,nosuid 0 0"]
    for point, kind in entries:
        escaped = str(point).replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011")
        lines.append(f"server:/export {escaped} {kind} rw,relatime 0 0")
    path = tmp_path / "mounts"
    path.write_text("\n".join(lines) + "\n")
    return path


def risk(folder: Path, tmp_path: Path, **given) -> str | None:
    """The answer with no mounts but the root and no OneDrive variables, unless given."""
    if "mounts" not in given:
        given["mounts"] = mounts_file(tmp_path)
    given.setdefault("environ", {})
    return shared_folder_risk(folder, **given)


@pytest.mark.parametrize(
    ("name", "service"),
    [
        ("OneDrive", "OneDrive"),
        ("OneDrive - Whittington Health", "OneDrive"),
        ("onedrive - whittington health", "OneDrive"),
        ("OneDrive-Whittington Health", "OneDrive"),
        ("SharePoint", "SharePoint"),
        ("Dropbox", "Dropbox"),
        ("dropbox", "Dropbox"),
        ("Dropbox (Whittington Health)", "Dropbox"),
        ("Google Drive", "Google Drive"),
        ("My Drive", "Google Drive"),
        ("Shared drives", "Google Drive"),
        ("iCloud Drive", "iCloud Drive"),
        ("iCloudDrive", "iCloud Drive"),
        ("Mobile Documents", "iCloud Drive"),
        ("Box", "Box"),
        ("Box Sync", "Box"),
    ],
)
def test_a_sync_clients_folder_is_flagged_by_its_name(tmp_path, name, service):
    folder = tmp_path / name / "Nursing" / "group"
    folder.mkdir(parents=True)
    found = risk(folder, tmp_path)
    assert found == (
        f"{folder} is in a {service} folder, which syncs files behind SQLite's back and can "
        "corrupt the database"
    )


def test_the_message_names_the_folder_and_why_and_not_what_to_do(tmp_path):
    folder = tmp_path / "OneDrive - Whittington Health" / "group"
    folder.mkdir(parents=True)
    found = risk(folder, tmp_path)
    assert found is not None
    assert found.endswith(
        "/OneDrive - Whittington Health/group is in a OneDrive folder, which syncs files behind "
        "SQLite's back and can corrupt the database"
    )
    assert "PostgreSQL" not in found and "--database" not in found


def test_a_macos_cloud_storage_folder_is_flagged_whatever_the_service(tmp_path):
    storage = tmp_path / "Library" / "CloudStorage"
    onedrive = storage / "OneDrive-Whittington Health" / "group"
    google = storage / "GoogleDrive-helen@nhs.net" / "My Drive" / "group"
    other = storage / "Egnyte-Whittington" / "group"
    for folder in (onedrive, google, other):
        folder.mkdir(parents=True)
    assert "in a OneDrive folder" in (risk(onedrive, tmp_path) or "")
    assert "in a Google Drive folder" in (risk(google, tmp_path) or "")
    assert "in a synced cloud storage (Egnyte-Whittington) folder" in (risk(other, tmp_path) or "")


@pytest.mark.parametrize(
    "name",
    ["group", "box", "Boxes", "Dropboxes", "OneDrive notes", "My Documents", "Drive", "Sharing"],
)
def test_an_ordinary_folder_is_not_flagged(tmp_path, name):
    folder = tmp_path / name / "group"
    folder.mkdir(parents=True)
    assert risk(folder, tmp_path) is None


def test_a_folder_not_made_yet_in_a_synced_folder_is_flagged(tmp_path):
    (tmp_path / "Dropbox").mkdir()
    folder = tmp_path / "Dropbox" / "not" / "made" / "yet"
    assert "in a Dropbox folder" in (risk(folder, tmp_path) or "")
    assert "in a OneDrive folder" in (risk(tmp_path / "OneDrive" / "new", tmp_path) or "")


def test_a_link_to_a_synced_folder_is_followed(tmp_path):
    target = tmp_path / "Dropbox" / "group"
    target.mkdir(parents=True)
    link = tmp_path / "group"
    link.symlink_to(target, target_is_directory=True)
    assert risk(link, tmp_path) == (
        f"{target} is in a Dropbox folder, which syncs files behind SQLite's back and can "
        "corrupt the database"
    )


def test_a_folder_on_a_windows_share_with_a_space_in_its_mount_point_is_flagged(tmp_path):
    share = tmp_path / "Shared Drive"
    folder = share / "Library Services" / "group"
    folder.mkdir(parents=True)
    mounts = mounts_file(tmp_path, (share, "cifs"))
    assert "Shared\\040Drive" in mounts.read_text()
    assert risk(folder, tmp_path, mounts=mounts) == (
        f"{folder} is on a network drive (cifs, mounted at {share}), where SQLite's file locking "
        "cannot be relied on and the database can be corrupted"
    )
    assert risk(share, tmp_path, mounts=mounts) is not None  # the mount point itself


@pytest.mark.parametrize(
    "kind", ["nfs", "nfs4", "cifs", "smb3", "fuse.sshfs", "fuse.rclone", "ceph", "fuse.gvfsd-fuse"]
)
def test_a_folder_on_a_network_file_system_is_flagged(tmp_path, kind):
    share = tmp_path / "share"
    folder = share / "group"
    folder.mkdir(parents=True)
    found = risk(folder, tmp_path, mounts=mounts_file(tmp_path, (share, kind)))
    assert found is not None and f"is on a network drive ({kind}, mounted at {share})" in found


@pytest.mark.parametrize("kind", ["ext4", "tmpfs", "overlay", "btrfs", "9p", "virtiofs", "drvfs"])
def test_a_folder_on_a_local_file_system_is_not_flagged(tmp_path, kind):
    disk = tmp_path / "disk"
    folder = disk / "group"
    folder.mkdir(parents=True)
    assert risk(folder, tmp_path, mounts=mounts_file(tmp_path, (disk, kind))) is None


def test_a_folder_not_made_yet_on_a_network_drive_is_flagged(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    mounts = mounts_file(tmp_path, (share, "nfs4"))
    assert risk(share / "new" / "group", tmp_path, mounts=mounts) is not None


def test_the_innermost_mount_holding_the_folder_decides(tmp_path):
    share = tmp_path / "share"
    local = share / "local"
    (local / "group").mkdir(parents=True)
    (tmp_path / "shared" / "group").mkdir(parents=True)
    # The later of two mounts at one place is the one seen (autofs, then the NFS it mounts).
    mounts = mounts_file(tmp_path, (share, "cifs"), (local, "ext4"), (local, "autofs"))
    assert risk(local / "group", tmp_path, mounts=mounts) is None
    assert risk(share / "group", tmp_path, mounts=mounts) is not None
    # /…/shared is not inside /…/share, though its name starts the same.
    assert risk(tmp_path / "shared" / "group", tmp_path, mounts=mounts) is None
    remounted = mounts_file(tmp_path, (share, "autofs"), (share, "nfs"))
    assert risk(share / "group", tmp_path, mounts=remounted) is not None


def test_a_missing_or_garbled_mount_table_means_no_risk_found(tmp_path):
    folder = tmp_path / "group"
    folder.mkdir()
    assert risk(folder, tmp_path, mounts=tmp_path / "no such file") is None
    garbled = tmp_path / "garbled"
    garbled.write_bytes(b"\xff\xfe nonsense\n\n  \n/dev/sda\n")
    assert risk(folder, tmp_path, mounts=garbled) is None
    assert risk(tmp_path / "a\0b", tmp_path) is None


def test_a_folder_in_the_onedrive_folder_windows_names_is_flagged(tmp_path):
    work = tmp_path / "Work"
    folder = work / "Nursing" / "group"
    folder.mkdir(parents=True)
    for variable in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        found = risk(folder, tmp_path, environ={variable: str(work)})
        assert found == (
            f"{folder} is in the OneDrive folder {work}, which syncs files behind SQLite's back "
            "and can corrupt the database"
        )
    assert risk(work / "not made yet", tmp_path, environ={"OneDrive": str(work)}) is not None
    (tmp_path / "Elsewhere").mkdir()
    assert risk(tmp_path / "Elsewhere", tmp_path, environ={"OneDrive": str(work)}) is None


def test_an_empty_or_relative_onedrive_variable_flags_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "group"
    folder.mkdir()
    assert risk(folder, tmp_path, environ={"OneDrive": ""}) is None
    assert risk(folder, tmp_path, environ={"OneDriveCommercial": "."}) is None


def test_the_process_environment_is_read_by_default(tmp_path, monkeypatch):
    work = tmp_path / "Work"
    work.mkdir()
    monkeypatch.setenv("OneDriveCommercial", str(work))
    found = shared_folder_risk(work / "group", mounts=mounts_file(tmp_path))
    assert found is not None and "OneDrive folder" in found


def test_this_machines_own_mount_table_is_read_without_error(tmp_path):
    found = shared_folder_risk(tmp_path, environ={})
    assert found is None or "network drive" in found
