#!/usr/bin/env bash
# The Linux VM the benchmarks compare against: a minimal riscv64 Linux kernel
# that boots a static program as the only thing in its initramfs, under the
# same qemu machine Runikraft images boot on.
#
#   scripts/linux-vm.sh build
#       install what is missing, fetch Debian's Linux source, configure and
#       build the kernel (once; later calls find it in the cache)
#   scripts/linux-vm.sh run [--icount] [--timeout S] [--mem SIZE]
#                           [--share HOST:GUEST]... [--disk FILE:GUEST]... PROGRAM [ARGS...]
#       boot PROGRAM (a static riscv64 Linux executable) and exit with its
#       status; --icount adds `-icount shift=0` (one guest instruction per
#       nanosecond of guest time), --timeout kills the VM after S seconds
#       (exit 124); --share and --disk mean what they mean for `runikraft
#       run`, with the same qemu devices: host folder HOST mounted at GUEST
#       over virtio-9p, ext2 image FILE (`runikraft mkfs`) mounted at GUEST
#       from virtio-blk
#   scripts/linux-vm.sh kernel
#       print the path of the kernel Image (building it first if needed)
#
# The kernel is Debian's `linux` source package at apt's candidate version
# (upstream tarball only, no Debian patches), `tinyconfig` plus the options
# below, built with -O2 and SLUB as distributions ship it, uniprocessor like
# the VM (-smp 1). The build is a cache, kept outside the repository in
# ${XDG_CACHE_HOME:-$HOME/.cache}/runikraft-linux-vm (LINUX_VM_CACHE
# overrides); remove that directory to rebuild from scratch.
#
# In the guest, /init (scripts/linux-vm-init.c) runs the program as
# /program with argv[0] the program's file name, then ends the VM through
# the sifive test device so that qemu exits with the program's status.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/bench-lib.sh
source "$root/scripts/bench-lib.sh"
cache=${LINUX_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/runikraft-linux-vm}
cross=riscv64-linux-gnu-

# Beyond what scripts/install-deps.sh installs (qemu, OpenSBI, the deb-src
# entry): what building a kernel needs.
packages=(
  gcc-riscv64-linux-gnu   # the kernel and /init
  gcc libc6-dev make      # kbuild's host programs (fixdep, kconfig, gen_init_cpio)
  flex bison              # kconfig's parser
  bc                      # kbuild computes timer constants with it
  xz-utils                # the upstream tarball is .tar.xz
)

# Options on top of tinyconfig, each checked after configuration.
kernel_options=(
  ARCH_RV64I MMU FPU RISCV_ISA_C  # the ISA our programs are built for (rv64gc)
  SIFIVE_PLIC                     # qemu virt's interrupt controller (UART interrupts)
  TTY SERIAL_8250 SERIAL_8250_CONSOLE SERIAL_OF_PLATFORM  # the ns16550a as console
  PRINTK                          # kernel errors reach the console
  BINFMT_ELF BLK_DEV_INITRD       # run a static ELF from an initramfs
  DEVMEM                          # /init reaches the test device through /dev/mem
  FUTEX POSIX_TIMERS HIGH_RES_TIMERS  # what musl's threads and timed waits use
  CC_OPTIMIZE_FOR_PERFORMANCE SLUB    # -O2 and the default allocator, not -Os and SLOB
  ADVISE_SYSCALLS                 # posix_fadvise (bench-files drops cached pages with it)
  VIRTIO_MENU VIRTIO_MMIO         # qemu virt's virtio transport (--share, --disk)
  BLOCK VIRTIO_BLK EXT2_FS        # --disk: virtio-blk holding an ext2 file system
  DEVTMPFS                        # --disk: /dev/vda with the major the driver was given
  NET NET_9P NET_9P_VIRTIO 9P_FS  # --share: 9P2000.L over virtio (Linux files 9p under net/)
  INET                            # 9P_FS depends on it (its other transports are TCP)
)

say() { printf 'linux-vm: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
asroot() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

# -- building ------------------------------------------------------------------

install_packages() {
  bash "$root/scripts/install-deps.sh"
  local missing=() p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing ${missing[*]}"
  asroot apt-get update -q
  DEBIAN_FRONTEND=noninteractive asroot apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Downloads the upstream tarball of Debian's `linux` source package; sets
# TARBALL and VERSION (upstream, e.g. 6.1.176). apt-helper checks the file
# against the hash in the signed Sources index.
fetch_source() {
  local line uri name hash
  line=$(apt-get source --print-uris -qq linux | grep "\.orig\.tar\." | head -n 1) ||
    die "apt-get source --print-uris linux lists no upstream tarball (is there a deb-src entry?)"
  read -r uri name _ hash <<<"$line"
  uri=${uri//\'/}
  VERSION=${name#linux_}
  VERSION=${VERSION%.orig.tar.*}
  TARBALL=$cache/download/$name
  [ -f "$TARBALL" ] && return
  say "downloading $name"
  mkdir -p "$cache/download"
  # As root, apt would try to download as _apt into a directory it cannot write.
  /usr/lib/apt/apt-helper -o APT::Sandbox::User=root download-file "$uri" "$TARBALL.part" "$hash" >/dev/null
  mv "$TARBALL.part" "$TARBALL"
}

unpack_source() {
  SOURCE=$cache/linux-$VERSION
  [ -f "$SOURCE/.unpacked" ] && return
  say "unpacking linux-$VERSION"
  rm -rf "$SOURCE" "$SOURCE.part"
  mkdir -p "$SOURCE.part"
  tar -xf "$TARBALL" -C "$SOURCE.part" --strip-components=1
  mv "$SOURCE.part" "$SOURCE"
  touch "$SOURCE/.unpacked"
}

kbuild() { make -s -C "$SOURCE" O="$OBJ" ARCH=riscv CROSS_COMPILE="$cross" "$@"; }

# Sets OBJ, the build directory of this source version and option list:
# checkouts with different lists (a branch that adds an option) each keep
# their kernel instead of rebuilding over the other's.
object_directory() {
  OBJ=$cache/build-$VERSION-$(printf '%s\n' "${kernel_options[@]}" | sha256sum | cut -c1-12)
}

# tinyconfig, then our options; olddefconfig gives each option they reveal its
# default.
configure_kernel() {
  object_directory
  local wanted missing=() option enable=()
  wanted=$(printf '%s\n' "${kernel_options[@]}")
  [ -f "$OBJ/.config" ] && [ "$(cat "$OBJ/.options" 2>/dev/null)" = "$wanted" ] && return
  say "configuring linux-$VERSION"
  rm -rf "$OBJ" && mkdir -p "$OBJ"
  kbuild tinyconfig >"$OBJ/configure.log" 2>&1 || { cat "$OBJ/configure.log" >&2; die "tinyconfig failed"; }
  for option in "${kernel_options[@]}"; do enable+=(--enable "$option"); done
  # Options in a Kconfig choice need their alternatives switched off too.
  "$SOURCE/scripts/config" --file "$OBJ/.config" "${enable[@]}" \
    --disable ARCH_RV32I --disable CC_OPTIMIZE_FOR_SIZE --disable SLOB
  kbuild olddefconfig >>"$OBJ/configure.log" 2>&1 || { cat "$OBJ/configure.log" >&2; die "olddefconfig failed"; }
  for option in "${kernel_options[@]}"; do
    grep -qx "CONFIG_$option=y" "$OBJ/.config" || missing+=("$option")
  done
  [ ${#missing[@]} -eq 0 ] || die "not enabled after configuration (a dependency is missing): ${missing[*]}"
  printf '%s\n' "$wanted" >"$OBJ/.options"
}

build_kernel() {
  IMAGE=$OBJ/arch/riscv/boot/Image
  [ -f "$IMAGE" ] || say "building the kernel (a few minutes; log in $OBJ/build.log)"
  # Always run make: it is quick when nothing changed, and it resumes a build
  # that was interrupted.
  kbuild -j"$(nproc)" Image >"$OBJ/build.log" 2>&1 || { tail -n 30 "$OBJ/build.log" >&2; die "kernel build failed"; }
}

# /init, rebuilt when its source changes (the source's hash names the binary).
build_init() {
  local source=$root/scripts/linux-vm-init.c
  INIT=$cache/init-$(sha256sum "$source" | cut -c1-16)
  [ -x "$INIT" ] && return
  # --no-relax: there is no startup code to set gp, which relaxed accesses use.
  "${cross}gcc" -static -nostdlib -ffreestanding -fno-pie -no-pie -fno-stack-protector \
    -O2 -Wall -Werror -Wl,--no-relax -o "$INIT.part" "$source"
  mv "$INIT.part" "$INIT"
}

build() {
  mkdir -p "$cache"
  # One build at a time: two benchmarks started together share the cache.
  exec {lock}>"$cache/.lock"
  flock "$lock"
  install_packages
  fetch_source
  unpack_source
  configure_kernel
  build_kernel
  build_init
  printf '%s\n' "$VERSION" >"$cache/version"
  exec {lock}>&-
}

# Finds a finished build without asking apt; builds when there is none.
find_build() {
  VERSION=$(cat "$cache/version" 2>/dev/null || true)
  SOURCE=$cache/linux-$VERSION
  object_directory
  IMAGE=$OBJ/arch/riscv/boot/Image
  INIT=$cache/init-$(sha256sum "$root/scripts/linux-vm-init.c" | cut -c1-16)
  if [ -z "$VERSION" ] || [ ! -f "$IMAGE" ] || [ ! -x "$INIT" ] ||
     [ "$(cat "$OBJ/.options" 2>/dev/null)" != "$(printf '%s\n' "${kernel_options[@]}")" ]; then
    build
  fi
}

# -- running -------------------------------------------------------------------

# initramfs PROGRAM OUT [MOUNTS]: a cpio archive with /init, /program, the
# two device nodes /init uses, and the file MOUNTS as /mounts when given.
# gen_init_cpio is kbuild's own tool for this.
initramfs() {
  local program=$1 out=$2 mounts=${3:-} list=$2.list
  cat >"$list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
nod /dev/mem 0600 0 0 c 1 1
file /init $INIT 0755 0 0
file /program $program 0755 0 0
LIST
  [ -z "$mounts" ] || echo "file /mounts $mounts 0644 0 0" >>"$list"
  "$OBJ/usr/gen_init_cpio" "$list" >"$out"
}

# storage KIND VALUE: one --share or --disk value, HOST:GUEST split at the
# last `:/` as `runikraft run` splits it; adds its qemu device (bench-lib's
# storage_arguments, numbered as the runner numbers them) to STORAGE and
# its line to the /mounts table of /init (scripts/linux-vm-init.c).
storage() {
  local kind=$1 value=$2 host guest
  case $value in *:/*) ;; *) die "--$kind $value: expected HOST:GUEST with an absolute guest path" ;; esac
  host=${value%:/*} guest=/${value##*:/}
  case $guest in *[[:space:]\"\\]*) die "--$kind $value: the guest path cannot contain blanks, quotes or backslashes" ;; esac
  if [ "$kind" = share ]; then
    [ -d "$host" ] || die "--share $value: $host is not a directory"
    storage_arguments share "$shares" "$host"
    # Linux 6.1's defaults, left as they are: msize 128 KiB (DEFAULT_MSIZE
    # in net/9p/client.c) and cache=none (every read and write is a 9p
    # message; data moves zero-copy from the program's pages).
    MOUNTS+=("9p share$shares $guest trans=virtio,version=9p2000.L")
    shares=$((shares + 1))
  else
    [ -f "$host" ] || die "--disk $value: $host is not a file (make one with: runikraft mkfs $host FOLDER)"
    storage_arguments disk "$disks" "$host"
    # devtmpfs holds the node: virtio-blk's major number is given out when
    # the driver registers, so a node fixed in the initramfs could be wrong.
    [ "$disks" -gt 0 ] || MOUNTS=("devtmpfs devtmpfs /dev -" "${MOUNTS[@]}")
    # Disks are probed in the order they are given: disk0 is vda.
    local letters=abcdefghijklmnopqrstuvwxyz
    MOUNTS+=("ext2 /dev/vd${letters:disks:1} $guest -")
    disks=$((disks + 1))
  fi
}

# Words after `--` reach init as its arguments; the kernel splits them at
# blanks and has no escapes, so a word must not contain blanks or quotes.
check_argument() {
  case $1 in
    '' | *[[:space:]\"]*) die "argument '$1': the kernel command line cannot carry empty words, blanks or quotes" ;;
  esac
}

run() {
  local icount=() timeout=0 mem=128M shares=0 disks=0
  STORAGE=() MOUNTS=()
  while [ $# -gt 0 ]; do
    case $1 in
      --icount) icount=(-icount shift=0); shift ;;
      --timeout) timeout=$2; shift 2 ;;
      --mem) mem=$2; shift 2 ;;
      --share | --disk) storage "${1#--}" "$2"; shift 2 ;;
      --) shift; break ;;
      -*) die "unknown option $1" ;;
      *) break ;;
    esac
  done
  [ $# -ge 1 ] || die "run: no program given"
  local program=$1 argument
  shift
  [ -f "$program" ] || die "no such program: $program"
  for argument in "$(basename "$program")" "$@"; do check_argument "$argument"; done
  find_build

  local work status=0
  work=$(mktemp -d)
  # shellcheck disable=SC2064 # expand now: work is local
  trap "rm -rf '$work'" EXIT
  if [ ${#MOUNTS[@]} -gt 0 ]; then
    printf '%s\n' "${MOUNTS[@]}" >"$work/mounts"
    initramfs "$program" "$work/initramfs.cpio" "$work/mounts"
  else
    initramfs "$program" "$work/initramfs.cpio"
  fi
  # quiet: boot messages below warnings stay off the console; panic=-1 with
  # -no-reboot turns a kernel panic into qemu exiting instead of a hang.
  timeout --foreground -k 5 "$timeout" \
    qemu-system-riscv64 -machine virt -m "$mem" -smp 1 -bios default \
      -kernel "$IMAGE" -initrd "$work/initramfs.cpio" \
      -display none -monitor none -serial stdio -nic none -no-reboot "${icount[@]}" "${STORAGE[@]}" \
      -append "console=ttyS0 quiet panic=-1 -- $(basename "$program") $*" \
      </dev/null >"$work/console" || status=$?
  show_program_output "$work/console"
  # Fallback of /init when the test device was out of reach.
  local line
  line=$(grep -ao 'linux-vm: exit status [0-9]*' "$work/console" | tail -n 1 || true)
  [ -z "$line" ] || status=${line##* }
  return "$status"
}

# The console after /init's marker, without the carriage returns the tty
# adds; all of it when the marker never came (the kernel did not get there).
show_program_output() {
  local marker=$'\x01linux-vm\x02'
  if grep -aq "$marker" "$1"; then
    tr -d '\r' <"$1" | sed -n "/$marker/,\$p" | sed "1s/.*$marker//" | grep -av '^linux-vm: exit status [0-9]*$' || true
  else
    tr -d '\r' <"$1"
  fi
}

main() {
  local command=${1:-}
  [ $# -eq 0 ] || shift
  case $command in
    build) build; say "kernel: $IMAGE" ;;
    run) run "$@" ;;
    kernel) find_build; echo "$IMAGE" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
