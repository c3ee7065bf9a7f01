# shellcheck shell=bash
# git daemon on git://127.0.0.1:9418, serving (clone and push) the bare repositories in
# <state>/gitd/repos. Tests create their own bare repositories there
# (`git init -b main --bare`); infra/up keeps one, aloft-probe.git, to check readiness.

GITD_PORT="${ALOFT_GITD_PORT:-9418}"
GITD_URL="git://$INFRA_HOST:$GITD_PORT"
GITD_PROBE_REPO=aloft-probe.git

gitd_packages() { command -v git >/dev/null || echo git; }
gitd_address() { echo "$GITD_URL"; }
gitd_repos_dir() { echo "$ALOFT_STATE/gitd/repos"; }
gitd_binary() { echo "$(git --exec-path)/git-daemon"; }

gitd_healthy() {
  git ls-remote --heads "$GITD_URL/$GITD_PROBE_REPO" 2>/dev/null | grep -q 'refs/heads/main$'
}

# gitd_probe_repo: a bare repository with one commit on main, made with plumbing only.
gitd_probe_repo() {
  local repo
  repo="$(gitd_repos_dir)/$GITD_PROBE_REPO"
  git -C "$repo" rev-parse --verify -q refs/heads/main >/dev/null 2>&1 && return
  rm -rf "$repo"
  git init -q -b main --bare "$repo"
  local blob tree commit
  blob=$(printf 'Served by aloft infra/up; infra/up checks the git daemon with it.\n' | git -C "$repo" hash-object -w --stdin)
  tree=$(printf '100644 blob %s\tREADME\n' "$blob" | git -C "$repo" mktree)
  commit=$(GIT_AUTHOR_NAME=aloft GIT_AUTHOR_EMAIL=infra@aloft.dev GIT_COMMITTER_NAME=aloft \
    GIT_COMMITTER_EMAIL=infra@aloft.dev git -C "$repo" commit-tree "$tree" -m "Probe repository of infra/up")
  git -C "$repo" update-ref refs/heads/main "$commit"
}

gitd_start() {
  mkdir -p "$(gitd_repos_dir)"
  gitd_probe_repo
  if daemon_pid gitd git-daemon >/dev/null; then
    infra_state_set gitd running
    return
  fi
  if tcp_open "$GITD_PORT"; then
    infra_die "gitd: $INFRA_HOST:$GITD_PORT is taken by $(port_owner "$GITD_PORT"), not by a git daemon that infra/up started"
  fi
  local repos
  repos=$(gitd_repos_dir)
  daemon_launch gitd "$(gitd_binary)" --reuseaddr --listen="$INFRA_HOST" --port="$GITD_PORT" \
    --base-path="$repos" --export-all --enable=receive-pack --informative-errors --verbose "$repos"
  infra_state_set gitd started
}

gitd_wait() { daemon_wait gitd git-daemon 30 "$GITD_URL" gitd_healthy; }
gitd_state_dir() { echo "$ALOFT_STATE/gitd"; }

gitd_env() {
  echo "ALOFT_GIT_BASE_URL=$GITD_URL"
  echo "ALOFT_GIT_REPOS_DIR=$(gitd_repos_dir)"
}

gitd_stop() { daemon_stop gitd git-daemon 10; }

gitd_status() {
  if daemon_pid gitd git-daemon >/dev/null; then
    gitd_healthy && echo "running (infra/up)" && return 0
    echo "UNHEALTHY: running (infra/up) but $GITD_URL/$GITD_PROBE_REPO cannot be listed"
    return 1
  fi
  if tcp_open "$GITD_PORT"; then echo "UNHEALTHY: port taken by $(port_owner "$GITD_PORT")"; else echo "stopped"; fi
  return 1
}
