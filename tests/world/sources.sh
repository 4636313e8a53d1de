# shellcheck shell=bash
# Debian source packages for the world suite and bench-wrapper (sourced).

# fetch_source PACKAGE DIR: downloads the source package into DIR once and
# prints the path of its .dsc.
fetch_source() {
  local package=$1 dir=$2
  if ! compgen -G "$dir/*.dsc" >/dev/null; then
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$dir" && apt-get source --download-only -qq "$package") >&2
  fi
  compgen -G "$dir/*.dsc" | head -1
}

# unpack_source DSC DIR PATCHES: a fresh tree in DIR. PATCHES is "debian"
# for the source as Debian builds it, "upstream" for the upstream release in
# it (dpkg-source --skip-patches).
unpack_source() {
  local skip=()
  if [ "$3" = upstream ]; then skip=(--skip-patches); fi
  rm -rf "$2"
  dpkg-source -q "${skip[@]}" -x "$1" "$2"
}
