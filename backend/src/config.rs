//! Configuration: built-in defaults, then an optional TOML file (`kurs.toml` in the working
//! directory, or the path in `KURS_CONFIG`), then `KURS_*` environment variables, each layer
//! overriding the one before. Secrets are wrapped so that they never show in `Debug` output
//! or logs; a database URL prints without its password.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use base64::Engine;
use rand::Rng;
use serde::Deserialize;

/// A secret string whose `Debug` and `Display` never reveal it.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// A database URL whose `Debug` and `Display` hide the password.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_sqlite(&self) -> bool {
        self.0.starts_with("sqlite:")
    }

    /// The file of a SQLite URL (`sqlite://data/kurs.sqlite?mode=rwc` → `data/kurs.sqlite`),
    /// `None` for in-memory databases and other backends.
    pub fn sqlite_file(&self) -> Option<PathBuf> {
        let rest = self.0.strip_prefix("sqlite:")?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let path = rest.split('?').next().unwrap_or_default();
        if path.is_empty() || path == ":memory:" {
            None
        } else {
            Some(PathBuf::from(path))
        }
    }

    fn redacted(&self) -> String {
        // scheme://user:password@host → scheme://user:***@host
        if let Some((scheme, rest)) = self.0.split_once("://")
            && let Some((credentials, host)) = rest.split_once('@')
            && let Some((user, _password)) = credentials.split_once(':')
        {
            return format!("{scheme}://{user}:***@{host}");
        }
        self.0.clone()
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// All settings of a running Kurs.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: DatabaseUrl,
    /// `host:port` to listen on; port 0 picks a free port (tests).
    pub listen: String,
    pub jwt_secret: Secret,
    pub data_dir: PathBuf,
    /// Origins allowed by CORS; empty (the default) allows none.
    pub cors_allowed_origins: Vec<String>,
    pub access_token_minutes: i64,
    pub refresh_token_days: i64,
    /// Mark the refresh cookie `Secure` (set when Kurs is served over HTTPS).
    pub secure_cookies: bool,
    pub log_format: LogFormat,
    /// Maximum concurrent database connections (SQLite always uses one writer).
    pub database_max_connections: u32,
    /// The address users reach Kurs at (e.g. `https://kurs.example.de`), for links in
    /// e-mails; `None`: e-mails carry no links.
    pub public_base_url: Option<String>,
    /// Outgoing e-mail (reminders of reporting rounds); off by default.
    pub mail: MailSettings,
    /// When reminders of reporting rounds are due and how often they are checked.
    pub reminders: ReminderSettings,
    /// Requests in progress at once before new ones are shed with `503` (health probes
    /// are exempt); see `http::load_shed`.
    pub max_requests_in_flight: usize,
    /// How long a successful session check is reused (seconds; 0: check every request).
    /// Changes made through this server take effect at once; this bounds how long another
    /// server on the same database may still accept a just-disabled user or ended session.
    pub session_cache_seconds: u64,
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailSecurity {
    /// Plain SMTP (only for a relay on the same host or a trusted network).
    None,
    /// Plain connection upgraded with STARTTLS (required), usually port 587.
    Starttls,
    /// TLS from the first byte (SMTPS), usually port 465.
    Tls,
}

impl MailSecurity {
    fn parse(value: &str) -> Option<Self> {
        match value {
            "none" => Some(Self::None),
            "starttls" => Some(Self::Starttls),
            "tls" => Some(Self::Tls),
            _ => None,
        }
    }

    /// The usual port of this kind of connection.
    pub fn default_port(self) -> u16 {
        match self {
            Self::None => 25,
            Self::Starttls => 587,
            Self::Tls => 465,
        }
    }
}

/// Settings of outgoing e-mail (`[mail]`, `KURS_MAIL_*`).
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// Off (the default): reminders are in-app notifications only.
    pub enabled: bool,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<Secret>,
    /// The sender, e.g. `Kurs <kurs@example.de>`.
    pub from: String,
    pub security: MailSecurity,
    /// How long one SMTP conversation may take.
    pub timeout_seconds: u64,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            smtp_host: "localhost".into(),
            smtp_port: MailSecurity::Starttls.default_port(),
            smtp_username: None,
            smtp_password: None,
            from: String::new(),
            security: MailSecurity::Starttls,
            timeout_seconds: 15,
        }
    }
}

/// Settings of the reminders of reporting rounds (`[reminders]`, `KURS_REMINDERS_*`).
#[derive(Debug, Clone)]
pub struct ReminderSettings {
    /// The reminder before the deadline goes out this many days before it (default 3).
    pub days_before_deadline: i64,
    /// How often the background check runs (default 60 minutes; 0 turns it off, leaving
    /// only `POST /reporting-rounds/{id}/reminders`).
    pub check_interval_minutes: u64,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        Self {
            days_before_deadline: 3,
            check_interval_minutes: 60,
        }
    }
}

/// `[mail]` in the TOML file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileMail {
    enabled: Option<bool>,
    smtp_host: Option<String>,
    smtp_port: Option<u16>,
    smtp_username: Option<String>,
    smtp_password: Option<Secret>,
    from: Option<String>,
    security: Option<MailSecurity>,
    timeout_seconds: Option<u64>,
}

/// `[reminders]` in the TOML file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileReminders {
    days_before_deadline: Option<i64>,
    check_interval_minutes: Option<u64>,
}

/// The optional TOML file; every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    database_url: Option<DatabaseUrl>,
    listen: Option<String>,
    jwt_secret: Option<Secret>,
    data_dir: Option<PathBuf>,
    cors_allowed_origins: Option<Vec<String>>,
    access_token_minutes: Option<i64>,
    refresh_token_days: Option<i64>,
    secure_cookies: Option<bool>,
    log_format: Option<LogFormat>,
    database_max_connections: Option<u32>,
    public_base_url: Option<String>,
    mail: Option<FileMail>,
    reminders: Option<FileReminders>,
    max_requests_in_flight: Option<usize>,
    session_cache_seconds: Option<u64>,
}

const JWT_SECRET_FILE: &str = "jwt-secret";

impl Settings {
    /// Loads the layered configuration from the process environment.
    pub fn load() -> anyhow::Result<Self> {
        Self::load_from(|key| std::env::var(key).ok())
    }

    /// Loads the layered configuration, reading variables through `env` (tests pass a map).
    pub fn load_from(env: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let file = match env("KURS_CONFIG") {
            Some(path) => read_file(Path::new(&path))?,
            None if Path::new("kurs.toml").exists() => read_file(Path::new("kurs.toml"))?,
            None => FileSettings::default(),
        };

        let data_dir = env("KURS_DATA_DIR")
            .map(PathBuf::from)
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("data"));
        let database_url = env("KURS_DATABASE_URL")
            .map(DatabaseUrl::new)
            .or(file.database_url)
            .unwrap_or_else(|| {
                DatabaseUrl::new(format!(
                    "sqlite://{}?mode=rwc",
                    data_dir.join("kurs.sqlite").display()
                ))
            });
        let jwt_secret = match env("KURS_JWT_SECRET").map(Secret::new).or(file.jwt_secret) {
            Some(secret) => secret,
            None => {
                // Keep a generated secret beside the SQLite database (or in the data
                // directory), so sessions survive restarts without a built-in default.
                let dir = database_url
                    .sqlite_file()
                    .and_then(|f| f.parent().map(Path::to_path_buf))
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or_else(|| data_dir.clone());
                load_or_generate_secret(&dir.join(JWT_SECRET_FILE))?
            }
        };
        if jwt_secret.expose().len() < 32 {
            bail!("the JWT secret must be at least 32 characters long");
        }

        let settings = Self {
            database_url,
            listen: env("KURS_LISTEN")
                .or(file.listen)
                .unwrap_or_else(|| "127.0.0.1:8080".into()),
            jwt_secret,
            data_dir,
            cors_allowed_origins: env("KURS_CORS_ORIGINS")
                .map(|v| {
                    v.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect()
                })
                .or(file.cors_allowed_origins)
                .unwrap_or_default(),
            access_token_minutes: parse_env(&env, "KURS_ACCESS_TOKEN_MINUTES")?
                .or(file.access_token_minutes)
                .unwrap_or(15),
            refresh_token_days: parse_env(&env, "KURS_REFRESH_TOKEN_DAYS")?
                .or(file.refresh_token_days)
                .unwrap_or(14),
            secure_cookies: parse_env(&env, "KURS_SECURE_COOKIES")?
                .or(file.secure_cookies)
                .unwrap_or(false),
            log_format: match env("KURS_LOG_FORMAT").as_deref() {
                Some("json") => LogFormat::Json,
                Some("text") => LogFormat::Text,
                Some(other) => bail!("KURS_LOG_FORMAT must be 'text' or 'json', not '{other}'"),
                None => file.log_format.unwrap_or(LogFormat::Text),
            },
            database_max_connections: parse_env(&env, "KURS_DATABASE_MAX_CONNECTIONS")?
                .or(file.database_max_connections)
                .unwrap_or(10),
            public_base_url: env("KURS_PUBLIC_BASE_URL")
                .or(file.public_base_url)
                .map(|url| url.trim().trim_end_matches('/').to_owned())
                .filter(|url| !url.is_empty()),
            mail: mail_settings(&env, file.mail.unwrap_or_default())?,
            reminders: reminder_settings(&env, file.reminders.unwrap_or_default())?,
            max_requests_in_flight: parse_env(&env, "KURS_MAX_REQUESTS_IN_FLIGHT")?
                .or(file.max_requests_in_flight)
                .unwrap_or(64),
            session_cache_seconds: parse_env(&env, "KURS_SESSION_CACHE_SECONDS")?
                .or(file.session_cache_seconds)
                .unwrap_or(5),
        };
        if !(1..=15).contains(&settings.access_token_minutes) {
            bail!("access tokens must live between 1 and 15 minutes");
        }
        if settings.max_requests_in_flight == 0 {
            bail!("max_requests_in_flight must be at least 1");
        }
        if settings.session_cache_seconds > 60 {
            bail!("session_cache_seconds must be between 0 and 60");
        }
        Ok(settings)
    }
}

fn mail_settings(
    env: &impl Fn(&str) -> Option<String>,
    file: FileMail,
) -> anyhow::Result<MailSettings> {
    let defaults = MailSettings::default();
    let security = match env("KURS_MAIL_SECURITY") {
        Some(raw) => MailSecurity::parse(raw.trim()).ok_or_else(|| {
            anyhow::anyhow!("KURS_MAIL_SECURITY must be 'none', 'starttls' or 'tls'")
        })?,
        None => file.security.unwrap_or(defaults.security),
    };
    let mail = MailSettings {
        enabled: parse_env(env, "KURS_MAIL_ENABLED")?
            .or(file.enabled)
            .unwrap_or(defaults.enabled),
        smtp_host: env("KURS_MAIL_SMTP_HOST")
            .or(file.smtp_host)
            .unwrap_or(defaults.smtp_host),
        smtp_port: parse_env(env, "KURS_MAIL_SMTP_PORT")?
            .or(file.smtp_port)
            .unwrap_or(security.default_port()),
        smtp_username: env("KURS_MAIL_SMTP_USERNAME")
            .or(file.smtp_username)
            .filter(|u| !u.is_empty()),
        smtp_password: env("KURS_MAIL_SMTP_PASSWORD")
            .map(Secret::new)
            .or(file.smtp_password),
        from: env("KURS_MAIL_FROM").or(file.from).unwrap_or(defaults.from),
        security,
        timeout_seconds: parse_env(env, "KURS_MAIL_TIMEOUT_SECONDS")?
            .or(file.timeout_seconds)
            .unwrap_or(defaults.timeout_seconds),
    };
    if mail.enabled {
        if mail.smtp_host.trim().is_empty() {
            bail!("mail is enabled but no SMTP host is set (KURS_MAIL_SMTP_HOST)");
        }
        if !mail.from.contains('@') {
            bail!("mail is enabled but the sender (KURS_MAIL_FROM) is not an e-mail address");
        }
        if mail.smtp_password.is_some() && mail.smtp_username.is_none() {
            bail!("an SMTP password is set without a user name (KURS_MAIL_SMTP_USERNAME)");
        }
    }
    if !(1..=300).contains(&mail.timeout_seconds) {
        bail!("the SMTP timeout must be between 1 and 300 seconds");
    }
    Ok(mail)
}

fn reminder_settings(
    env: &impl Fn(&str) -> Option<String>,
    file: FileReminders,
) -> anyhow::Result<ReminderSettings> {
    let defaults = ReminderSettings::default();
    let reminders = ReminderSettings {
        days_before_deadline: parse_env(env, "KURS_REMINDERS_DAYS_BEFORE_DEADLINE")?
            .or(file.days_before_deadline)
            .unwrap_or(defaults.days_before_deadline),
        check_interval_minutes: parse_env(env, "KURS_REMINDERS_CHECK_INTERVAL_MINUTES")?
            .or(file.check_interval_minutes)
            .unwrap_or(defaults.check_interval_minutes),
    };
    if !(0..=60).contains(&reminders.days_before_deadline) {
        bail!("reminders.days_before_deadline must be between 0 and 60");
    }
    if reminders.check_interval_minutes > 7 * 24 * 60 {
        bail!("reminders.check_interval_minutes must be at most one week");
    }
    Ok(reminders)
}

fn read_file(path: &Path) -> anyhow::Result<FileSettings> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read configuration file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("invalid configuration in {}", path.display()))
}

fn parse_env<T: std::str::FromStr>(
    env: &impl Fn(&str) -> Option<String>,
    key: &str,
) -> anyhow::Result<Option<T>> {
    match env(key) {
        None => Ok(None),
        Some(raw) => raw
            .parse()
            .map(Some)
            .map_err(|_| anyhow::anyhow!("{key} has an invalid value")),
    }
}

fn load_or_generate_secret(path: &Path) -> anyhow::Result<Secret> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        let trimmed = existing.trim();
        if !trimmed.is_empty() {
            return Ok(Secret::new(trimmed));
        }
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create directory {}", dir.display()))?;
    }
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    write_private_file(path, &secret)
        .with_context(|| format!("cannot write JWT secret to {}", path.display()))?;
    Ok(Secret::new(secret))
}

#[cfg(unix)]
fn write_private_file(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(content.as_bytes())
}

#[cfg(not(unix))]
fn write_private_file(path: &Path, content: &str) -> std::io::Result<()> {
    std::fs::write(path, content)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn secrets_and_passwords_never_appear_in_debug_output() {
        let url = DatabaseUrl::new("postgres://kurs:hunter2@db:5432/kurs");
        assert!(!format!("{url:?}").contains("hunter2"));
        assert!(format!("{url}").contains("kurs:***@db"));
        let secret = Secret::new("super-secret-value-that-is-long-enough");
        assert!(!format!("{secret:?}").contains("super-secret"));
    }

    #[test]
    fn sqlite_urls_name_their_file() {
        let url = DatabaseUrl::new("sqlite://data/kurs.sqlite?mode=rwc");
        assert_eq!(url.sqlite_file(), Some(PathBuf::from("data/kurs.sqlite")));
        assert_eq!(DatabaseUrl::new("sqlite::memory:").sqlite_file(), None);
    }

    #[test]
    fn a_missing_jwt_secret_is_generated_once_and_kept_beside_the_database() {
        let dir = std::env::temp_dir().join(format!("kurs-config-{}", std::process::id()));
        let db = format!("sqlite://{}/kurs.sqlite?mode=rwc", dir.display());
        let vars: HashMap<&str, String> = [("KURS_DATABASE_URL", db)].into();
        let first = Settings::load_from(|k| vars.get(k).cloned()).expect("settings load");
        let second = Settings::load_from(|k| vars.get(k).cloned()).expect("settings load");
        assert_eq!(first.jwt_secret.expose(), second.jwt_secret.expose());
        assert!(dir.join(JWT_SECRET_FILE).exists());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn environment_overrides_defaults() {
        let vars: HashMap<&str, String> = [
            ("KURS_LISTEN", "0.0.0.0:9000".to_string()),
            ("KURS_JWT_SECRET", "x".repeat(40)),
            ("KURS_DATABASE_URL", "sqlite::memory:".to_string()),
        ]
        .into();
        let settings = Settings::load_from(|k| vars.get(k).cloned()).expect("settings load");
        assert_eq!(settings.listen, "0.0.0.0:9000");
        assert!(settings.cors_allowed_origins.is_empty());
        assert!(!settings.mail.enabled);
        assert_eq!(settings.reminders.days_before_deadline, 3);
    }

    #[test]
    fn the_session_cache_lasts_five_seconds_unless_set_and_at_most_a_minute() {
        let load = |value: Option<&str>| {
            let mut vars: HashMap<&str, String> = [
                ("KURS_JWT_SECRET", "x".repeat(40)),
                ("KURS_DATABASE_URL", "sqlite::memory:".to_string()),
            ]
            .into();
            if let Some(value) = value {
                vars.insert("KURS_SESSION_CACHE_SECONDS", value.to_string());
            }
            Settings::load_from(|k| vars.get(k).cloned())
        };
        assert_eq!(load(None).expect("defaults").session_cache_seconds, 5);
        assert_eq!(load(Some("0")).expect("off").session_cache_seconds, 0);
        assert!(load(Some("61")).is_err());
        assert!(load(Some("-1")).is_err());
    }

    #[test]
    fn mail_settings_come_from_the_environment_and_hide_the_password() {
        let vars: HashMap<&str, String> = [
            ("KURS_JWT_SECRET", "x".repeat(40)),
            ("KURS_DATABASE_URL", "sqlite::memory:".to_string()),
            ("KURS_MAIL_ENABLED", "true".to_string()),
            ("KURS_MAIL_SMTP_HOST", "mail.example.de".to_string()),
            ("KURS_MAIL_SECURITY", "tls".to_string()),
            ("KURS_MAIL_SMTP_USERNAME", "kurs".to_string()),
            ("KURS_MAIL_SMTP_PASSWORD", "smtp-hunter2".to_string()),
            ("KURS_MAIL_FROM", "Kurs <kurs@example.de>".to_string()),
            (
                "KURS_PUBLIC_BASE_URL",
                "https://kurs.example.de/".to_string(),
            ),
        ]
        .into();
        let settings = Settings::load_from(|k| vars.get(k).cloned()).expect("settings load");
        assert!(settings.mail.enabled);
        assert_eq!(settings.mail.security, MailSecurity::Tls);
        assert_eq!(settings.mail.smtp_port, 465);
        assert_eq!(
            settings.public_base_url.as_deref(),
            Some("https://kurs.example.de")
        );
        assert!(!format!("{settings:?}").contains("smtp-hunter2"));
        let mut bad = vars.clone();
        bad.insert("KURS_MAIL_SECURITY", "ssl".into());
        assert!(Settings::load_from(|k| bad.get(k).cloned()).is_err());
    }
}
