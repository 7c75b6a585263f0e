//! A `kurs serve` child process (the release binary, optionally pinned to a CPU with
//! `taskset`), its readiness, its peak memory and its end (graceful or `kill -9`).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::Context;
use serde_json::json;
use tokio::process::{Child, Command};

/// The JWT secret of benchmark servers (they only ever listen on loopback).
pub const JWT_SECRET: &str = "kurs-bench-jwt-secret-0123456789-abcdefghijklmnop";

pub struct ServerSpec<'a> {
    pub kurs: &'a Path,
    pub database_url: &'a str,
    pub data_dir: &'a Path,
    /// `taskset -c CPU` for the server; `None`: unpinned.
    pub cpu: Option<&'a str>,
    /// `RUST_LOG` of the server (default: Kurs's default, `info`).
    pub rust_log: Option<&'a str>,
    pub log_file: PathBuf,
    /// Fixed port (a restart keeps the address); `None`: a free one.
    pub port: Option<u16>,
}

pub struct Server {
    child: Child,
    pub pid: u32,
    pub base: String,
}

fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

impl Server {
    pub async fn start(spec: &ServerSpec<'_>) -> anyhow::Result<Self> {
        let port = match spec.port {
            Some(p) => p,
            None => free_port()?,
        };
        let mut command = match spec.cpu {
            Some(cpu) => {
                let mut c = Command::new("taskset");
                c.arg("-c").arg(cpu).arg(spec.kurs);
                c
            }
            None => Command::new(spec.kurs),
        };
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&spec.log_file)
            .with_context(|| format!("cannot open {}", spec.log_file.display()))?;
        command
            .arg("serve")
            .env("KURS_DATABASE_URL", spec.database_url)
            .env("KURS_LISTEN", format!("127.0.0.1:{port}"))
            .env("KURS_JWT_SECRET", JWT_SECRET)
            .env("KURS_DATA_DIR", spec.data_dir)
            .env("KURS_CONFIG", "/dev/null")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true);
        match spec.rust_log {
            Some(filter) => command.env("RUST_LOG", filter),
            None => command.env_remove("RUST_LOG"),
        };
        let child = command
            .spawn()
            .with_context(|| format!("cannot start {}", spec.kurs.display()))?;
        let pid = child.id().context("the server exited at once")?;
        let server = Self {
            child,
            pid,
            base: format!("http://127.0.0.1:{port}"),
        };
        server.wait_ready(Duration::from_secs(120)).await?;
        Ok(server)
    }

    async fn wait_ready(&self, limit: Duration) -> anyhow::Result<()> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()?;
        let started = Instant::now();
        loop {
            if let Ok(r) = client.get(format!("{}/readyz", self.base)).send().await
                && r.status().is_success()
            {
                return Ok(());
            }
            anyhow::ensure!(
                started.elapsed() < limit,
                "the server did not become ready within {limit:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Peak resident memory (VmHWM) and current resident memory (VmRSS) in MiB.
    pub fn memory_mib(&self) -> Option<(f64, f64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid)).ok()?;
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
                .map(|kb| kb / 1024.0)
        };
        Some((field("VmHWM:")?, field("VmRSS:")?))
    }

    /// `kill -9`: no chance to flush or clean up.
    pub async fn kill9(mut self) -> anyhow::Result<()> {
        self.child.start_kill()?;
        self.child.wait().await?;
        Ok(())
    }

    /// Ends the server (SIGKILL is fine for a benchmark server: SQLite and PostgreSQL are
    /// crash-safe, and the database is thrown away).
    pub async fn stop(self) -> anyhow::Result<()> {
        self.kill9().await
    }
}

/// Signs in and returns the access token.
pub async fn login(base: &str, username: &str, password: &str) -> anyhow::Result<String> {
    let response = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await?;
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    anyhow::ensure!(status.is_success(), "login of {username}: {status} {body}");
    body["access_token"]
        .as_str()
        .map(str::to_owned)
        .context("no access token in the login answer")
}
