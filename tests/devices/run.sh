#!/usr/bin/env bash
# virtio devices: the entropy device seeds the kernel, the log channel
# carries kernel messages to a file, the disk is found — each in qemu's
# legacy (default) and modern (force-legacy=false) virtio-mmio layouts.
# qemu always puts an rng-seed in the device tree, so the entropy cases
# choose the kernel's sources with rk.entropy. Cases that need qemu
# options the runner does not offer call qemu directly.
#
#   tests/devices/run.sh [CHECK...]   (CHECK: a function below, e.g. corrupt_disks)
set -euo pipefail
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/../lib.sh"

# The Linux oracle's commands (mk/tests.mk passes them, as for tests/diff).
for var in LINUX_CC LINUX_LDFLAGS LINUX_LDLIBS; do
  if [ -z "${!var:-}" ]; then
    echo "tests/devices/run.sh: $var is not set; run it through make test-devices" >&2
    exit 2
  fi
done

OUT=$BUILD/tests/devices
IMAGE=$OUT/syscall
QEMU=(qemu-system-riscv64 -machine virt -m 128M -smp 1 -bios default -display none
  -monitor none -serial stdio -nic none -no-reboot)
MODERN=(-global virtio-mmio.force-legacy=false)
RNG=(-device virtio-rng-device)
WARNING='runikraft: no entropy source (no rng-seed in the device tree, no virtio-rng device); random numbers are predictable'
LOG_LINE='^\[[0-9]+\.[0-9]{6}\] warn: syscall #500 \(500\) not implemented$'

# qemu_boot OUT OPTIONS ARGS...: boots the image with qemu's ARGS and the
# kernel command line `rk.log=debug OPTIONS -- syscall 500`; console to OUT.
qemu_boot() {
  local out=$1 options=$2
  shift 2
  timeout "$TIMEOUT" "${QEMU[@]}" -kernel "$IMAGE" "$@" -append "rk.log=debug $options -- syscall 500" \
    </dev/null >"$out" 2>&1 || true
}

# runner_boot OUT RUN-OPTIONS...: `runikraft run` with rk.log=debug; console to OUT.
runner_boot() {
  local out=$1
  shift
  "$RUN_RK" run "$IMAGE" --timeout "$TIMEOUT" --kernel-option rk.log=debug "$@" -- 500 \
    </dev/null >"$out" 2>&1 || true
}

# has LABEL FILE REGEX / lacks LABEL FILE REGEX: one line of FILE matches,
# or none does.
has() {
  if grep -Eq -- "$3" "$2"; then pass "$1"; else fail "$1" "no line matches /$3/" "$2"; fi
}
lacks() {
  if grep -Eq -- "$3" "$2"; then fail "$1" "a line matches /$3/" "$2"; else pass "$1"; fi
}

entropy() {
  local device='^runikraft: virtio: device 4 at 0x[0-9a-f]+ \((legacy|modern)\): rng, 32 bytes of entropy$'
  runner_boot "$OUT/rng-legacy" --kernel-option rk.entropy=virtio
  has "entropy: runikraft run attaches virtio-rng (legacy), which seeds the kernel" "$OUT/rng-legacy" "$device"
  has "entropy: the device's 32 bytes count, rng-seed's do not" "$OUT/rng-legacy" \
    '^runikraft: entropy: 32 trusted seed bytes \(rng-seed 32 not trusted, virtio-rng 32\)$'
  lacks "entropy: virtio-rng alone (legacy), no warning" "$OUT/rng-legacy" "no entropy source"
  qemu_boot "$OUT/rng-modern" rk.entropy=virtio "${RNG[@]}" "${MODERN[@]}"
  has "entropy: virtio-rng (modern) seeds the kernel" "$OUT/rng-modern" "${device/(legacy|modern)/modern}"
  lacks "entropy: virtio-rng alone (modern), no warning" "$OUT/rng-modern" "no entropy source"
  runner_boot "$OUT/rng-none" --no-rng --kernel-option rk.entropy=virtio
  has "entropy: neither source, one warning" "$OUT/rng-none" "^$(printf '%s' "$WARNING" | sed 's/[()]/\\&/g')$"
  runner_boot "$OUT/rng-seed-only" --no-rng
  has "entropy: rng-seed alone is used" "$OUT/rng-seed-only" \
    '^runikraft: entropy: 32 trusted seed bytes \(rng-seed 32, virtio-rng 0\)$'
  lacks "entropy: rng-seed alone, no warning" "$OUT/rng-seed-only" "no entropy source"
}

log_channel() {
  local log=$OUT/kernel.log status=0
  rm -f "$log"
  "$RUN_RK" run "$IMAGE" --timeout "$TIMEOUT" --log "$log" -- 500 \
    </dev/null >"$OUT/log.console" 2>"$OUT/log.err" || status=$?
  PROBLEMS=()
  [ "$status" = 0 ] || PROBLEMS+=("exit status $status")
  if ! diff -u <(echo 'syscall 500 -> -1 Function not implemented') "$OUT/log.console" >"$OUT/log.diff"; then
    PROBLEMS+=("the console holds more than the program's output")
  fi
  if ! grep -Eq "$LOG_LINE" "$log" 2>/dev/null; then PROBLEMS+=("the notice is not in the log file"); fi
  judge "log: --log takes kernel messages off the console" "$OUT/log.diff" "$log" "$OUT/log.err"

  # The modern layout, and the levels: debug shows the devices found.
  qemu_boot "$OUT/modern.console" '' "${MODERN[@]}" -chardev "file,id=rklog,path=$OUT/modern.log" \
    -device virtio-serial-device -device virtconsole,chardev=rklog
  has "log: modern virtio-console carries the notice" "$OUT/modern.log" "$LOG_LINE"
  has "log: debug level names the log channel" "$OUT/modern.log" \
    '^\[[0-9.]+\] debug: virtio: device 3 at 0x[0-9a-f]+ \(modern\): console, the log channel$'
  lacks "log: modern console holds no kernel messages" "$OUT/modern.console" '^runikraft: '

  "$RUN_RK" run "$IMAGE" --log "$OUT/error.log" --kernel-option rk.log=error -- 500 \
    </dev/null >/dev/null 2>&1 || true
  lacks "log: rk.log=error drops warnings" "$OUT/error.log" 'warn:'
  "$RUN_RK" run "$IMAGE" --kernel-option rk.log=loud -- 500 </dev/null >"$OUT/bad-level" 2>&1 || true
  has "log: unknown level is reported" "$OUT/bad-level" '^runikraft: unknown log level "loud" in rk.log'
}

# Two VMs at once, each logging a different notice into --log-dir.
log_directory() {
  local dir=$OUT/logs
  rm -rf "$dir"
  "$RUN_RK" run "$IMAGE" --timeout "$TIMEOUT" --log-dir "$dir" --name first -- 500 \
    </dev/null >/dev/null 2>&1 &
  local first=$!
  "$RUN_RK" run "$IMAGE" --timeout "$TIMEOUT" --log-dir "$dir" --name second -- 501 \
    </dev/null >/dev/null 2>&1 &
  local second=$!
  wait "$first" "$second" || true
  PROBLEMS=()
  grep -q 'syscall #500 ' "$dir/first.log" 2>/dev/null || PROBLEMS+=("first.log lacks its notice")
  grep -q 'syscall #501 ' "$dir/second.log" 2>/dev/null || PROBLEMS+=("second.log lacks its notice")
  if grep -q 'syscall #501 ' "$dir/first.log" 2>/dev/null || grep -q 'syscall #500 ' "$dir/second.log" 2>/dev/null; then
    PROBLEMS+=("a log holds the other VM's notice")
  fi
  judge "log: --log-dir keeps two VMs' logs apart" "$dir/first.log" "$dir/second.log"
}

disk() {
  local image=$OUT/disk.img layout args
  truncate -s 1M "$image"
  for layout in legacy modern; do
    args=(-drive "file=$image,if=none,format=raw,id=disk0" -device virtio-blk-device,drive=disk0,serial=data7)
    [ $layout = modern ] && args+=("${MODERN[@]}")
    qemu_boot "$OUT/disk-$layout" '' "${args[@]}"
    has "disk: virtio-blk ($layout) found with its size" "$OUT/disk-$layout" \
      "^runikraft: virtio: device 2 at 0x[0-9a-f]+ \($layout\): block, 2048 sectors, serial \"data7\"$"
  done
}

# A shared folder: the runner attaches virtio-9p with its tag, the kernel
# finds the tag.
share() {
  local folder=$OUT/share
  mkdir -p "$folder"
  runner_boot "$OUT/share-legacy" --share "$folder:/data"
  has "9p: --share attaches virtio-9p, tag read from the device" "$OUT/share-legacy" \
    '^runikraft: virtio: device 9 at 0x[0-9a-f]+ \(legacy\): 9p, tag share0$'
  qemu_boot "$OUT/share-modern" '' "${MODERN[@]}" -fsdev "local,id=f,path=$folder,security_model=none" \
    -device virtio-9p-device,fsdev=f,mount_tag=hostfiles
  has "9p: modern virtio-9p, tag read from the device" "$OUT/share-modern" \
    '^runikraft: virtio: device 9 at 0x[0-9a-f]+ \(modern\): 9p, tag hostfiles$'
}

# build_linux SOURCE BINARY: the Linux oracle of a program (tests/diff).
build_linux() {
  local cc ldflags ldlibs
  read -ra cc <<<"$LINUX_CC"
  read -ra ldflags <<<"$LINUX_LDFLAGS"
  read -ra ldlibs <<<"$LINUX_LDLIBS"
  "${cc[@]}" -O2 -c -o "$2.o" "$1" && "${cc[@]}" "${ldflags[@]}" "$2.o" "${ldlibs[@]}" -o "$2"
}

# The same file operations in a fresh directory on Linux (host files under
# qemu-riscv64), on a 9p share and on an ext2 disk: the outputs must match.
files_on_storage() {
  local dir=$OUT/fileops image=$OUT/fileops/fileops
  rm -rf "$dir"
  mkdir -p "$dir/linux" "$dir/share" "$dir/disk-root"
  if ! build_rk "$ROOT/tests/devices/fileops.c" "$image" >"$dir/build.log" 2>&1 ||
    ! build_linux "$ROOT/tests/devices/fileops.c" "$dir/fileops-linux" >>"$dir/build.log" 2>&1; then
    fail "files: build fileops" "build failed" "$dir/build.log"
    return
  fi
  timeout "$TIMEOUT" qemu-riscv64 "$dir/fileops-linux" "$dir/linux" >"$dir/linux.out" 2>&1 || true
  "$RUN_RK" run "$image" --timeout "$TIMEOUT" --share "$dir/share:/mnt/share" -- /mnt/share \
    </dev/null >"$dir/share.out" 2>&1 || true
  "$RUN_RK" mkfs "$dir/disk.img" "$dir/disk-root" --size 8M >/dev/null 2>&1
  "$RUN_RK" run "$image" --timeout "$TIMEOUT" --disk "$dir/disk.img:/mnt/disk" -- /mnt/disk \
    </dev/null >"$dir/disk.out" 2>&1 || true
  local kind
  for kind in share disk; do
    if diff -u --label linux --label "$kind" "$dir/linux.out" "$dir/$kind.out" >"$dir/$kind.diff"; then
      pass "files: file operations on the $kind match Linux"
    else
      fail "files: file operations on the $kind match Linux" "output differs" "$dir/$kind.diff"
    fi
  done
  expect_clean "files: e2fsck finds the disk clean afterwards" "$dir/disk.img"
}

# A full disk: full_disk.c on a 1 MiB image must print full_disk.expected
# (a short write then ENOSPC, ENOSPC for mkdir, a full directory and a full
# inode table, space reused after removals), and e2fsck must find the disk
# clean afterwards; then the same with 32 MiB of RAM that the program maps
# whole first, so the kernel's block cache cannot grow meanwhile.
full_disk() {
  local dir=$OUT/full-disk case label
  rm -rf "$dir"
  mkdir -p "$dir/disk-root"
  if ! build_rk "$ROOT/tests/devices/full_disk.c" "$dir/full_disk" >"$dir/build.log" 2>&1; then
    fail "full disk: build full_disk" "build failed" "$dir/build.log"
    return
  fi
  for case in plain memory; do
    local options=() args=()
    label="full disk"
    if [ "$case" = memory ]; then
      options=(--mem 32M)
      args=(--fill-memory)
      label="full disk with memory full"
    fi
    "$RUN_RK" mkfs "$dir/$case.img" "$dir/disk-root" --size 1M >/dev/null 2>&1
    "$RUN_RK" run "$dir/full_disk" --timeout "$TIMEOUT" "${options[@]}" --disk "$dir/$case.img:/mnt/disk" \
      -- /mnt/disk "${args[@]}" </dev/null >"$dir/$case.console" 2>&1 || true
    if diff -u --label expected --label runikraft "$ROOT/tests/devices/full_disk.expected" "$dir/$case.console" \
      >"$dir/$case.diff"; then
      pass "$label: a short write, then ENOSPC; space reused"
    else
      fail "$label: a short write, then ENOSPC; space reused" "output differs" "$dir/$case.diff"
    fi
    expect_clean "$label: e2fsck finds the disk clean afterwards" "$dir/$case.img"
  done
}

# A 9p share with memory full: share_memory.c, given 32 MiB that it maps
# whole first, must print share_memory.expected (files refused with an
# error once the kernel is short of memory, all removable, and a new one
# possible afterwards), and leave the folder empty.
share_with_memory_full() {
  local dir=$OUT/share-memory label="share with memory full: files refused politely, memory reused"
  rm -rf "$dir"
  mkdir -p "$dir/share"
  if ! build_rk "$ROOT/tests/devices/share_memory.c" "$dir/share_memory" >"$dir/build.log" 2>&1; then
    fail "share with memory full: build share_memory" "build failed" "$dir/build.log"
    return
  fi
  "$RUN_RK" run "$dir/share_memory" --timeout "$TIMEOUT" --mem 32M --share "$dir/share:/mnt/share" \
    -- /mnt/share </dev/null >"$dir/console" 2>&1 || true
  if ! diff -u --label expected --label runikraft "$ROOT/tests/devices/share_memory.expected" "$dir/console" \
    >"$dir/diff"; then
    fail "$label" "output differs" "$dir/diff"
  elif [ -n "$(ls -A "$dir/share")" ]; then
    fail "$label" "files left in the share" "$dir/console"
  else
    pass "$label"
  fi
}

# kill_after_line RUNNER_PID OUT LINE: waits until OUT holds LINE, then
# kills the runner's qemu with SIGKILL (power cut: no flush, no exit path).
kill_after_line() {
  local runner=$1 out=$2 line=$3 tries=0 qemu
  while ! grep -qx "$line" "$out" 2>/dev/null; do
    tries=$((tries + 1))
    [ $tries -lt $((TIMEOUT * 10)) ] || break
    sleep 0.1
  done
  qemu=$(ps -o pid= --ppid "$runner" | tr -d ' ')
  [ -z "$qemu" ] || kill -KILL "$qemu"
  wait "$runner" 2>/dev/null || true
}

# expect_clean LABEL IMAGE: e2fsck -fn finds the ext2 image clean.
expect_clean() {
  local check
  if check=$(/usr/sbin/e2fsck -fn "$2" 2>&1); then pass "$1"; else fail "$1" "e2fsck: $check"; fi
}

# Write and fsync on a disk and on a share, kill qemu, boot again: every
# byte is there. Then, on the disk, write without fsync and end the
# program each way it can end: the next boot finds every byte, and e2fsck
# finds the disk clean.
durability() {
  local dir=$OUT/durable image=$OUT/durable/durable
  rm -rf "$dir"
  mkdir -p "$dir/share" "$dir/disk-root"
  if ! build_rk "$ROOT/tests/devices/durable.c" "$image" >"$dir/build.log" 2>&1; then
    fail "durability: build" "build failed" "$dir/build.log"
    return
  fi
  "$RUN_RK" mkfs "$dir/disk.img" "$dir/disk-root" --size 8M >/dev/null 2>&1
  local kind storage path
  for kind in disk share; do
    if [ $kind = disk ]; then storage=(--disk "$dir/disk.img:/data"); else storage=(--share "$dir/share:/data"); fi
    path=/data/sub-$kind.bin
    "$RUN_RK" run "$image" --timeout "$TIMEOUT" "${storage[@]}" -- write "$path" \
      </dev/null >"$dir/$kind.write" 2>&1 &
    kill_after_line $! "$dir/$kind.write" "written and synced"
    "$RUN_RK" run "$image" --timeout "$TIMEOUT" "${storage[@]}" -- check "$path" \
      </dev/null >"$dir/$kind.check" 2>&1 || true
    if grep -qx '307200 bytes, 0 wrong' "$dir/$kind.check"; then
      pass "durability: fsynced data on the $kind survives killing qemu"
    else
      fail "durability: fsynced data on the $kind survives killing qemu" "data lost" "$dir/$kind.write" "$dir/$kind.check"
    fi
  done
  local end status expected
  for end in exit thread-exit abort segv; do
    path=/data/$end.bin
    status=0
    "$RUN_RK" run "$image" --timeout "$TIMEOUT" --disk "$dir/disk.img:/data" -- "$end" "$path" \
      </dev/null >"$dir/$end.write" 2>&1 || status=$?
    case $end in abort) expected=134 ;; segv) expected=139 ;; *) expected=0 ;; esac
    "$RUN_RK" run "$image" --timeout "$TIMEOUT" --disk "$dir/disk.img:/data" -- check "$path" \
      </dev/null >"$dir/$end.check" 2>&1 || true
    if [ "$status" = "$expected" ] && grep -qx '307200 bytes, 0 wrong' "$dir/$end.check"; then
      pass "durability: unsynced data on the disk survives the program's end by $end"
    else
      fail "durability: unsynced data on the disk survives the program's end by $end" \
        "exit status $status (expected $expected) or data lost" "$dir/$end.write" "$dir/$end.check"
    fi
  done
  # Four threads write and fsync four files at once: each complete, on
  # either storage (the threads take turns on one device).
  for kind in disk share; do
    if [ $kind = disk ]; then storage=(--disk "$dir/disk.img:/data"); else storage=(--share "$dir/share:/data"); fi
    status=0
    "$RUN_RK" run "$image" --timeout "$TIMEOUT" "${storage[@]}" -- threads /data/threads \
      </dev/null >"$dir/threads-$kind.write" 2>&1 || status=$?
    PROBLEMS=()
    [ "$status" = 0 ] || PROBLEMS+=("exit status $status")
    for end in 0 1 2 3; do
      "$RUN_RK" run "$image" --timeout "$TIMEOUT" "${storage[@]}" -- check "/data/threads.$end" \
        </dev/null >"$dir/threads-$kind.$end.check" 2>&1 || true
      grep -qx '307200 bytes, 0 wrong' "$dir/threads-$kind.$end.check" ||
        PROBLEMS+=("threads.$end: $(head -n 1 "$dir/threads-$kind.$end.check")")
    done
    judge "durability: four threads writing and fsyncing at once on the $kind leave four complete files" \
      "$dir/threads-$kind.write"
  done
  expect_clean "durability: e2fsck finds the disk clean after every end" "$dir/disk.img"
}

# poke IMAGE OFFSET BYTE...: writes the bytes (in hex) at OFFSET of IMAGE.
poke() {
  local image=$1 offset=$2
  shift 2
  # shellcheck disable=SC2059
  printf "$(printf '\\x%s' "$@")" | dd of="$image" bs=1 seek="$offset" conv=notrunc status=none
}

# Disks damaged by hand from a fresh `runikraft mkfs` image (4 KiB blocks,
# the superblock at byte 1024: s_inodes_count +0, s_blocks_count +4,
# s_log_block_size +24, s_blocks_per_group +32, s_magic +56), each
# attached at /mnt to storage_walk.c: the program must see the mount fail
# or EIO where the disk is wrong, reach its end and exit 0, and the kernel
# must not fault.
corrupt_disks() {
  local dir=$OUT/corrupt debugfs=/usr/sbin/debugfs
  local image=$dir/storage_walk mounted='^runikraft: cannot mount disk disk0 at /mnt \(errno 22\)$'
  rm -rf "$dir"
  mkdir -p "$dir/root/dir/sub"
  if ! build_rk "$ROOT/tests/devices/storage_walk.c" "$image" >"$dir/build.log" 2>&1; then
    fail "corrupt disks: build storage_walk" "build failed" "$dir/build.log"
    return
  fi
  echo hello >"$dir/root/hello.txt"
  echo nested >"$dir/root/dir/sub/nested.txt"
  head -c 20000 /dev/zero >"$dir/root/dir/big"
  ln -s hello.txt "$dir/root/link"
  # A hole through the double indirect range (4 KiB blocks: from 4 MiB on).
  truncate -s 20M "$dir/root/sparse"
  "$RUN_RK" mkfs "$dir/fresh.img" "$dir/root" --size 8M >/dev/null 2>&1

  # disk_case NAME DESCRIPTION REGEX...: boots with NAME.img (made by the
  # caller); each REGEX must match a line of the output.
  disk_case() {
    local name=$1 label="corrupt disks: $2" status=0 regex
    shift 2
    "$RUN_RK" run "$image" --timeout 30 --disk "$dir/$name.img:/mnt" -- /mnt \
      </dev/null >"$dir/$name.out" 2>&1 || status=$?
    PROBLEMS=()
    [ "$status" = 0 ] || PROBLEMS+=("exit status $status")
    grep -q '^runikraft: crash' "$dir/$name.out" && PROBLEMS+=("a kernel fault")
    grep -qx done "$dir/$name.out" || PROBLEMS+=("the program did not finish")
    for regex in "$@"; do grep -Eq -- "$regex" "$dir/$name.out" || PROBLEMS+=("no line matches /$regex/"); done
    judge "$label" "$dir/$name.out"
  }
  fresh() { cp "$dir/fresh.img" "$dir/$1.img"; }

  fresh intact
  disk_case intact "an intact disk reads whole, the sparse file as zeros past its missing tables" \
    '^/mnt/sparse: 20971520 bytes$' '^/mnt/dir/sub/nested.txt: 7 bytes$' '^rename newdir into dir/sub: ok$'
  fresh magic && poke "$dir/magic.img" 1080 00 00
  disk_case magic "a bad magic number is a mount error" "$mounted" '^/mnt: lstat ENOENT$'
  fresh block-size && poke "$dir/block-size.img" 1048 14 00 00 00
  disk_case block-size "a block size of 1 GiB is a mount error" "$mounted" '^/mnt: lstat ENOENT$'
  fresh group-size && poke "$dir/group-size.img" 1056 00 00 00 00
  disk_case group-size "no blocks per group is a mount error" "$mounted" '^/mnt: lstat ENOENT$'
  fresh block-count && poke "$dir/block-count.img" 1028 ff ff ff ff && poke "$dir/block-count.img" 1056 08 00 00 00
  disk_case block-count "2^32 blocks in groups of 8 (16 MiB of descriptors) is a mount error" \
    "$mounted" '^/mnt: lstat ENOENT$'
  fresh loops && "$debugfs" -w -f - "$dir/loops.img" >/dev/null 2>&1 <<'DEBUGFS'
ln / /dir/loop
ln /dir /dir/sub/up
DEBUGFS
  disk_case loops "directories linked back to the root and to their parent are EIO" \
    '^/mnt/dir/loop: lstat EIO$' '^/mnt/dir/sub/up: lstat EIO$' '^rename newdir into dir/sub: ok$'
  fresh pointers && "$debugfs" -w -f - "$dir/pointers.img" >/dev/null 2>&1 <<'DEBUGFS'
sif /hello.txt block[0] 0xfffffff0
sif /sparse block[DIND] 0xfffffff0
DEBUGFS
  disk_case pointers "block pointers past the end of the disk are EIO" \
    '^/mnt/hello.txt: read EIO after 0 bytes$' '^/mnt/sparse: read EIO after [0-9]+ bytes$'
  # debugfs links only inodes that exist: the entry is made for inode 12,
  # then pointed at inode 2000000000 where dirsearch found it.
  fresh inodes && "$debugfs" -w -R 'ln <12> /bogus' "$dir/inodes.img" >/dev/null 2>&1
  local found
  found=$("$debugfs" -R 'dirsearch / bogus' "$dir/inodes.img" 2>/dev/null | sed -n 's/.*phys \([0-9]*\), offset \([0-9]*\).*/\1 \2/p')
  poke "$dir/inodes.img" $((${found% *} * 4096 + ${found#* })) 00 94 35 77
  poke "$dir/inodes.img" 1024 ff ff ff ff
  disk_case inodes "an inode count past what the groups hold, an entry naming such an inode: EIO" \
    '^/mnt/bogus: lstat EIO$' '^/mnt/hello.txt: 6 bytes$'
  fresh links && "$debugfs" -w -f - "$dir/links.img" >/dev/null 2>&1 <<'DEBUGFS'
sif /hello.txt links_count 0
sif /dir links_count 0
sif /dir/big links_count 65535
DEBUGFS
  disk_case links "files and directories that say they have no links are EIO" \
    '^/mnt/hello.txt: lstat EIO$' '^/mnt/dir: lstat EIO$' '^write new.txt: ok$'
  fresh size && "$debugfs" -w -R 'sif /hello.txt size 100000' "$dir/size.img" >/dev/null 2>&1
  disk_case size "a size past the file's blocks reads as a hole, as on Linux" '^/mnt/hello.txt: 100000 bytes$'
}

# The file-system programs of tests/diff with /tmp (where they work) on a
# 9p share and on an ext2 disk, each against Linux; then e2fsck must find
# every disk they used clean.
FS_PROGRAMS=(fs_basic fs_dirs fs_errors fs_fds fs_links fs_paths fs_names fs_sparse fs_fadvise fs_buffers)
conformance() {
  local kind log image check
  for kind in share disk; do
    log=$OUT/conformance-$kind.log
    if DIFF_TMP=$kind "$ROOT/tests/diff/run.sh" "${FS_PROGRAMS[@]}" >"$log" 2>&1; then
      pass "conformance: ${FS_PROGRAMS[*]} on a $kind match Linux"
    else
      fail "conformance: ${FS_PROGRAMS[*]} on a $kind match Linux" "see $log" "$log"
    fi
  done
  PROBLEMS=()
  for image in "$BUILD"/tests/diff-disk/fs_*/case*/tmp.img; do
    check=$(/usr/sbin/e2fsck -fn "$image" 2>&1) || PROBLEMS+=("e2fsck: ${image#"$BUILD"/}: $check")
  done
  judge "conformance: e2fsck finds the disks clean afterwards"
}

main() {
  mkdir -p "$OUT"
  if ! build_rk "$ROOT/tests/devices/syscall.c" "$IMAGE" >"$OUT/build.log" 2>&1; then
    fail "build syscall" "build failed" "$OUT/build.log"
    summary "device tests"
    return
  fi
  local checks=("$@") check
  [ ${#checks[@]} -gt 0 ] ||
    checks=(entropy log_channel log_directory disk share files_on_storage full_disk share_with_memory_full durability conformance corrupt_disks)
  for check in "${checks[@]}"; do "$check"; done
  summary "device tests"
}

main "$@"
