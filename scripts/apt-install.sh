# Sourced by the install scripts: installs Debian packages only when they are missing, as root or
# through sudo, running `apt-get update` once.
#
#   source scripts/apt-install.sh; installed PKG; apt_install PKG...

sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
fi

installed() {  # a Debian package is installed
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

has_font() {  # fontconfig knows a family (installed from a package or otherwise)
  command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list "$1" family 2>/dev/null)" ]
}

apt_updated=no
apt_install() {
  if [ "$(id -u)" != 0 ] && [ -z "$sudo" ]; then
    echo "not root and no sudo: install $* yourself (apt-get install $*)" >&2
    return 1
  fi
  if [ "$apt_updated" = no ]; then
    $sudo apt-get update -qq >/dev/null
    apt_updated=yes
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
