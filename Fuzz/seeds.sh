#!/usr/bin/env bash
# Makes the host fuzzers' seed corpora in OUT/<Name>/ from real inputs:
#   DeviceTree (and EarlyDeviceTree), KernelCommandLine, CpioArchive: what `runikraft run` gives
#     qemu (the device tree qemu builds, with /chosen's bootargs and initrd,
#     dumped with -machine dumpdtb; the -append line; the --rootfs archive),
#     caught by a stand-in qemu-system-riscv64 first in PATH that runs the
#     real one to dump the tree, packed by dtc;
#   Ext2: `runikraft mkfs` images (4 KiB blocks) and a 1 KiB-block image
#     made by mke2fs with the same options, trailing free blocks dropped
#     (the harness's disk is zero-filled past the input);
#   NineP: replies laid out as qemu's 9p server sends them (Fuzz/ninep-seeds.py);
#   ELFImage: a RISC-V image and object, stripped and not, and a crash report;
#   SyscallTrace: calls as programs make them (Fuzz/syscall-seeds.py).
# Usage: RUN_RK=wrappers/runikraft PAYLOAD=build/exit-payload.elf Fuzz/seeds.sh OUT
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out"/{DeviceTree,KernelCommandLine,CpioArchive,Ext2,NineP,ELFImage,SyscallTrace}

# A folder of every file kind the kernel and mkfs handle.
root=$work/root
mkdir -p "$root/dir/sub"
echo "hello, seeds" >"$root/hello.txt"
: >"$root/empty"
head -c 20000 /dev/zero | tr '\0' 'x' >"$root/dir/big"      # past 12 blocks of 1 KiB: indirect
ln -s hello.txt "$root/link"
ln -s "$(printf 'd%.0s' {1..70})" "$root/dir/long-link"     # longer than 60 bytes: a block
echo nested >"$root/dir/sub/nested.txt"

# The stand-in qemu: keeps the initrd and command line, dumps the tree.
shim=$work/bin
mkdir -p "$shim"
cat >"$shim/qemu-system-riscv64" <<SHIM
#!/usr/bin/env bash
n=\$(ls "$out/DeviceTree" | wc -l)
args=("\$@")
for ((i = 0; i < \${#args[@]}; i++)); do
  case "\${args[i]}" in
    -initrd) cp "\${args[i+1]}" "$out/CpioArchive/rootfs-\$n.cpio" ;;
    -append) printf '%s' "\${args[i+1]}" >"$out/KernelCommandLine/bootargs-\$n" ;;
  esac
done
$(command -v qemu-system-riscv64) "\$@" -machine dumpdtb="$work/virt.dtb" >/dev/null 2>&1
# qemu dumps its whole 1 MiB buffer; dtc packs the tree as firmware passes it.
dtc -q -I dtb -O dtb -o "$out/DeviceTree/virt-\$n.dtb" "$work/virt.dtb"
SHIM
chmod +x "$shim/qemu-system-riscv64"

"$RUN_RK" mkfs "$work/disk.img" "$root" --size 256K >/dev/null 2>&1
/usr/sbin/mke2fs -q -F -t ext2 -b 1024 -N 32 -O ^dir_index -E root_owner=0:0 -d "$root" "$work/disk1k.img" 128K >/dev/null 2>&1
python3 - "$work/disk.img" "$out/Ext2/mkfs-4k.img" "$work/disk1k.img" "$out/Ext2/mke2fs-1k.img" <<'PY'
import sys
for source, target in zip(sys.argv[1::2], sys.argv[2::2]):
    data = open(source, 'rb').read()
    end = len(data)
    while end > 0 and not any(data[end - 1024:end]):
        end -= 1024
    open(target, 'wb').write(data[:end])
PY

PATH=$shim:$PATH "$RUN_RK" run "$PAYLOAD" --timeout 20 >/dev/null || true
PATH=$shim:$PATH "$RUN_RK" run "$PAYLOAD" --timeout 20 --mem 256M --rootfs "$root" --share "$root:/share" \
  --disk "$work/disk.img:/mnt" --kernel-option rk.trace=file,openat --kernel-option rk.log=debug \
  --env HOME=/ --env 'GREETING=two words' -- prog "two words" '' 'quote"d' >/dev/null || true
PATH=$shim:$PATH "$RUN_RK" run "$PAYLOAD" --timeout 20 --no-rng --rootfs "$root/dir" --log "$work/log" \
  --kernel-option rk.root.size=64M -- prog -- x >/dev/null || true

# ELF: the payload image, stripped, an object, and a symbolized crash report's lines.
cp "$PAYLOAD" "$out/ELFImage/payload.elf"
llvm-objcopy --strip-all "$PAYLOAD" "$out/ELFImage/payload-stripped.elf"
printf 'int g;\nint f(int x) { return x + g; }\nint main(void) { return f(1); }\n' >"$work/small.c"
clang --target=riscv64-unknown-elf -march=rv64gc -mabi=lp64d -O1 -c "$work/small.c" -o "$out/ELFImage/small.o"
printf 'runikraft: crash: load page fault at 0x0\nrunikraft: image offset 0x1000\nrunikraft:   #0 0x0000000080200000\nrunikraft:   #1 0x0000000080200004\r\nrunikraft:   #12 0xffffffffffffffff\n' \
  >"$out/ELFImage/crash-report.txt"
printf 'main\n/src/a.c:3:1\n??\n??:0:0\nf\n/src/a.c:2:20\n' >"$out/ELFImage/symbolizer-output.txt"

python3 "$here/ninep-seeds.py" "$out/NineP"
python3 "$here/syscall-seeds.py" "$out/SyscallTrace"

# The early walk reads the same blobs.
cp -r "$out/DeviceTree" "$out/EarlyDeviceTree"

for d in "$out"/*/; do
  [ -n "$(ls -A "$d")" ] || { echo "seeds: none made in $d" >&2; exit 1; }
done
