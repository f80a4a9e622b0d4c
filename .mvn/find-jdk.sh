# Sourced by ./mvnw and the project scripts: makes sure JAVA_HOME points at a JDK 21 or newer.
# Machines of this kind ship an older default JDK with a newer one installed beside it: look in the folder that
# holds the default JDK (found from the java on the PATH), and in the usual SDK managers' folders.
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1 | cut -d. -f1
}
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ] 2>/dev/null; then
  found=""
  jvm_dirs=""
  if command -v java >/dev/null 2>&1; then
    jvm_dirs=$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in ${JAVA_HOME:-} $(ls -d ${jvm_dirs:+"$jvm_dirs"/*} "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* 2>/dev/null | sort -r); do
    if [ -x "$candidate/bin/javac" ]; then
      major=$(java_major "$candidate")
      if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then found="$candidate"; break; fi
    fi
  done
  if [ -z "$found" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(java_major "$candidate")
    [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null && found="$candidate"
  fi
  if [ -z "$found" ]; then
    echo "This project needs a JDK 21 or newer: install one (for example 'apt-get install openjdk-21-jdk') or set JAVA_HOME." >&2
    exit 1
  fi
  export JAVA_HOME="$found"
fi
