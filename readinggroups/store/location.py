"""Where a workspace's folder is: whether it is a synced cloud folder or on a network drive.

An embedded SQLite database is one file, shared between programs by the operating system's file
locks. A network file system does not honour those locks reliably, and a sync client (OneDrive,
Dropbox and the like) copies the file and its journal behind SQLite's back, uploading a
half-written database or putting another computer's copy over it: either way the database can be
corrupted (https://www.sqlite.org/howtocorrupt.html). :func:`shared_folder_risk` looks for both,
as far as the platform lets it see, so that the librarian is warned before it happens.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path, PureWindowsPath

# The tail of every message: why the folder matters. What to do instead is the caller's to say.
_SYNCED = "which syncs files behind SQLite's back and can corrupt the database"
_NETWORKED = "where SQLite's file locking cannot be relied on and the database can be corrupted"

# Folders the sync clients make, by their lowercased name, and the service each belongs to.
# "My Drive" and "Shared drives" are Google Drive's, on the drive letter it adds in Windows.
_SYNCED_NAMES = {
    "onedrive": "OneDrive",
    "sharepoint": "SharePoint",
    "dropbox": "Dropbox",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "shared drives": "Google Drive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "mobile documents": "iCloud Drive",  # macOS keeps iCloud Drive in ~/Library/Mobile Documents
    "box sync": "Box",
}
# ...and how the name starts when it carries an organisation: "OneDrive - Whittington Health"
# (Windows, a work account), "OneDrive-Whittington Health" (macOS), "Dropbox (Whittington
# Health)" (Dropbox Business).
_SYNCED_STARTS = (("onedrive -", "OneDrive"), ("onedrive-", "OneDrive"), ("dropbox (", "Dropbox"))
# Box Drive's folder is "Box", always with a capital: a lowercase "box" is too common a name of
# one's own to be taken for it.
_BOX = "Box"
# Since macOS 12.3 the sync clients keep their folders in ~/Library/CloudStorage, named after
# the service: "OneDrive-Whittington Health", "GoogleDrive-name@nhs.net", "Box-Box".
_CLOUD_STORAGE = ("library", "cloudstorage")
_CLOUD_STORAGE_STARTS = (
    ("onedrive", "OneDrive"),
    ("sharepoint", "SharePoint"),
    ("dropbox", "Dropbox"),
    ("googledrive", "Google Drive"),
    ("box", "Box"),
    ("icloud", "iCloud Drive"),
)
# Windows names the OneDrive folders of the signed-in accounts in these variables, wherever they
# were moved to and whatever they are called.
_ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")

# Linux file system types (the third field of /proc/mounts) that live on another computer.
# 9p, virtiofs and drvfs are not among them: they share a folder of the same machine with a
# virtual machine, a container or WSL.
_NETWORK_FILE_SYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "afs",
        "ncpfs",
        "coda",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "davfs",
        "sshfs",
        "fuse.sshfs",
        "fuse.rclone",
        "fuse.davfs2",
        "fuse.glusterfs",
        "fuse.ceph-fuse",
        "fuse.s3fs",
        "fuse.gcsfuse",
        "fuse.gvfsd-fuse",  # GNOME's Files, for the smb:// and sftp:// shares it opens
        "fuse.onedriver",
        "fuse.google-drive-ocamlfuse",
    }
)
# macOS's names for the same (statfs's f_fstypename).
_MAC_NETWORK_FILE_SYSTEMS = frozenset({"smbfs", "nfs", "afpfs", "webdav", "cifs", "ftp"})
_DRIVE_REMOTE = 4  # GetDriveTypeW's answer for a mapped network drive or a UNC share
_OCTAL_ESCAPE = re.compile(rb"\\([0-7]{3})")


def shared_folder_risk(
    folder: Path,
    *,
    mounts: Path = Path("/proc/mounts"),
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """Why a SQLite database in ``folder`` could be corrupted, or None for an ordinary folder.

    The answer names the folder and what it is in ("… is in a OneDrive folder, which syncs files
    behind SQLite's back and can corrupt the database") and leaves out what to do about it. The
    folder need not exist yet. Synced folders are found by their names and, in Windows, by the
    OneDrive variables (``environ``, by default the process's); network drives by the mount table
    in Linux (``mounts``), the file system's type in macOS, and the drive's type in Windows.
    Nothing here raises: a folder that cannot be looked at is taken to be ordinary.
    """
    try:
        given = Path(folder).expanduser()
        where = given.resolve()
        return (
            _synced_by_name(where)
            or _synced_by_environment(where, os.environ if environ is None else environ)
            or _network_drive(given, where, mounts)
        )
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a symlink loop; ValueError: NUL
        return None


def _synced_by_name(where: Path) -> str | None:
    names = where.parts[1:]  # not the root or drive, which is never a sync client's folder
    for index, name in enumerate(names):
        service = _service(name)
        above = tuple(part.casefold() for part in names[max(index - 2, 0) : index])
        if above == _CLOUD_STORAGE:
            lowered = name.casefold()
            named = (s for start, s in _CLOUD_STORAGE_STARTS if lowered.startswith(start))
            service = next(named, f"synced cloud storage ({name})")
        if service:
            return f"{where} is in a {service} folder, {_SYNCED}"
    return None


def _service(name: str) -> str | None:
    """The sync client whose folder has this name, if it is one."""
    lowered = name.casefold()
    if lowered in _SYNCED_NAMES:
        return _SYNCED_NAMES[lowered]
    if name == _BOX:
        return "Box"
    return next((s for start, s in _SYNCED_STARTS if lowered.startswith(start)), None)


def _synced_by_environment(where: Path, environ: Mapping[str, str]) -> str | None:
    for variable in _ONEDRIVE_VARIABLES:
        value = environ.get(variable, "")
        # An empty or relative value would resolve against the current folder: not OneDrive's.
        if value.strip() and Path(value).is_absolute():
            onedrive = Path(value).resolve()
            if where.is_relative_to(onedrive):
                return f"{where} is in the OneDrive folder {onedrive}, {_SYNCED}"
    return None


def _network_drive(given: Path, where: Path, mounts: Path) -> str | None:
    if sys.platform == "win32":
        # A UNC path (\\server\share), as typed or as a mapped drive resolves to; otherwise ask
        # Windows about the drive letter. \\?\C:\ is a long local path, \\?\UNC\ a share.
        for path in (given.absolute(), where):
            text = str(path).replace("/", "\\")
            long_form = text.startswith(("\\\\?\\", "\\\\.\\"))
            if text.startswith("\\\\") and (not long_form or text[4:].upper().startswith("UNC\\")):
                share = PureWindowsPath(text).anchor.rstrip("\\")
                return f"{where} is on the network share {share}, {_NETWORKED}"
        drive = _existing(where).anchor
        if ctypes.windll.kernel32.GetDriveTypeW(drive) == _DRIVE_REMOTE:
            letter = drive.rstrip("\\")
            return f"{where} is on the network drive {letter}, {_NETWORKED}"
        return None
    if sys.platform == "darwin":
        return _mac_network_drive(where)
    return _mounted_network_drive(where, mounts)


def _mounted_network_drive(where: Path, mounts: Path) -> str | None:
    """Linux: the mount the folder is on (the longest mount point holding it; of two at the same
    place the later one, mounted over the first) and whether its type is a network's."""
    found: tuple[Path, str] | None = None
    for line in mounts.read_bytes().splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        # Spaces, tabs, newlines and backslashes in a mount point are written as \040 and so on.
        point = Path(os.fsdecode(_OCTAL_ESCAPE.sub(lambda m: bytes([int(m[1], 8)]), fields[1])))
        if where.is_relative_to(point) and (
            found is None or len(point.parts) >= len(found[0].parts)
        ):
            found = (point, os.fsdecode(fields[2]))
    if found and found[1].casefold() in _NETWORK_FILE_SYSTEMS:
        point, kind = found
        return f"{where} is on a network drive ({kind}, mounted at {point}), {_NETWORKED}"
    return None


class _MacStatFs(ctypes.Structure):
    # struct statfs of <sys/mount.h> with 64-bit inodes, the only kind since macOS 10.6.
    _fields_ = [
        ("f_bsize", ctypes.c_uint32),
        ("f_iosize", ctypes.c_int32),
        ("f_blocks", ctypes.c_uint64),
        ("f_bfree", ctypes.c_uint64),
        ("f_bavail", ctypes.c_uint64),
        ("f_files", ctypes.c_uint64),
        ("f_ffree", ctypes.c_uint64),
        ("f_fsid", ctypes.c_int32 * 2),
        ("f_owner", ctypes.c_uint32),
        ("f_type", ctypes.c_uint32),
        ("f_flags", ctypes.c_uint32),
        ("f_fssubtype", ctypes.c_uint32),
        ("f_fstypename", ctypes.c_char * 16),
        ("f_mntonname", ctypes.c_char * 1024),
        ("f_mntfromname", ctypes.c_char * 1024),
        ("f_flags_ext", ctypes.c_uint32),
        ("f_reserved", ctypes.c_uint32 * 7),
    ]


def _mac_network_drive(where: Path) -> str | None:
    """macOS: statfs names the file system's type, without running ``mount``."""
    try:
        libc = ctypes.CDLL("/usr/lib/libSystem.B.dylib", use_errno=True)
        try:  # Intel Macs keep the 64-bit-inode statfs under this name; Apple silicon has one
            statfs = libc["statfs$INODE64"]
        except AttributeError:
            statfs = libc["statfs"]
        result = _MacStatFs()
        if statfs(os.fsencode(_existing(where)), ctypes.byref(result)) != 0:
            return None
    except AttributeError:
        return None
    kind = result.f_fstypename.decode(errors="replace")
    if kind.casefold() not in _MAC_NETWORK_FILE_SYSTEMS:
        return None
    point = os.fsdecode(result.f_mntonname)
    return f"{where} is on a network drive ({kind}, mounted at {point}), {_NETWORKED}"


def _existing(path: Path) -> Path:
    """The folder itself or, if it is not made yet, its nearest parent that is."""
    while not path.exists() and path.parent != path:
        path = path.parent
    return path
