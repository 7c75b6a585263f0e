//! The `kurs` command: serve the API (and the web app), migrate, manage users, print the
//! OpenAPI document.

use clap::{Parser, Subcommand};
use kurs::config::Settings;
use kurs::domain::access::Role;
use kurs::{demo, startup::Application, store, telemetry};

/// The allocator of the `kurs` binary. With glibc's malloc, argon2's 19 MiB blocks (one per
/// sign-in) stayed on the heap after the first burst of logins (RSS 561 MiB in the benchmark:
/// glibc raises its mmap threshold after the first large free, and every worker thread grows
/// an arena of its own); mimalloc gives freed pages back to the OS. Figures in
/// docs/QUALITY.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "kurs",
    version,
    about = "Kurs – Digitalisierungsstrategie auf Kurs halten"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server.
    Serve {
        /// Load the example administration into an empty database.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Print the OpenAPI document as JSON.
    Openapi,
    /// Write a consistent copy of the SQLite database while the server keeps running
    /// (PostgreSQL: prints how to use pg_dump).
    Backup {
        /// Target file (must not exist); default `<data dir>/backups/kurs-<time>.sqlite`.
        path: Option<std::path::PathBuf>,
    },
    /// Replace the SQLite database with a checked backup. Stop the server first; the
    /// replaced database is kept as `<file>.before-restore-<time>`.
    Restore {
        /// The backup file written by `kurs backup`.
        path: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from KURS_NEW_PASSWORD or standard input.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// admin, officer, editor or council.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Department code (repeatable), e.g. --department "FB 2".
        #[arg(long = "department")]
        departments: Vec<String>,
    },
}

fn parse_role(value: &str) -> Result<Role, String> {
    Role::parse(value).ok_or_else(|| "must be admin, officer, editor or council".into())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        let spec = kurs::http::routes::openapi();
        println!("{}", spec.to_pretty_json()?);
        return Ok(());
    }
    let settings = Settings::load()?;
    telemetry::init(settings.log_format);
    match cli.command {
        Command::Serve { demo } => {
            let _server_lock = store::lock_sqlite_for_server(&settings.database_url)?;
            let db =
                store::connect(&settings.database_url, settings.database_max_connections).await?;
            store::migrate(&db).await?;
            if demo && demo::load_if_empty(&db).await? {
                tracing::info!("loaded the demo data (Beispieldaten)");
            }
            let app = Application::build_with_db(settings.clone(), db).await?;
            tracing::info!(
                listen = %settings.listen,
                database = %settings.database_url,
                "Kurs is running on http://{}",
                settings.listen
            );
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let db = store::connect(&settings.database_url, 1).await?;
            store::migrate(&db).await?;
            println!("database is up to date");
        }
        Command::User {
            command:
                UserCommand::Create {
                    username,
                    display_name,
                    email,
                    role,
                    departments,
                },
        } => {
            let db = store::connect(&settings.database_url, 1).await?;
            store::migrate(&db).await?;
            let password = match std::env::var("KURS_NEW_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    eprintln!("Password (at least 12 characters), then Enter:");
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            if password.chars().count() < store::users::MIN_PASSWORD_LENGTH {
                anyhow::bail!(
                    "the password must have at least {} characters",
                    store::users::MIN_PASSWORD_LENGTH
                );
            }
            let mut department_ids = Vec::new();
            for code in &departments {
                let department = store::departments::find_by_code(&db, code)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?
                    .ok_or_else(|| anyhow::anyhow!("no department with code '{code}'"))?;
                department_ids.push(department.id);
            }
            let created = store::users::create(
                &db,
                store::users::NewUser {
                    display_name: display_name.unwrap_or_else(|| username.clone()),
                    username,
                    email,
                    password_hash: store::users::hash_password(&password)?,
                    role,
                    department_ids,
                },
                &store::Actor::system("kurs user create"),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("created user '{}' (id {})", created.username, created.id);
        }
        Command::Backup { path } => backup(&settings, path).await?,
        Command::Restore { path } => restore(&settings, &path).await?,
        Command::Openapi => unreachable!("handled above"),
    }
    Ok(())
}

/// `kurs backup`: `VACUUM INTO` a checked copy (see `store::backup`).
async fn backup(settings: &Settings, path: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    if !settings.database_url.is_sqlite() {
        eprintln!("{}", store::backup::POSTGRES_HOWTO);
        std::process::exit(2);
    }
    let target = path.unwrap_or_else(|| {
        let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
        settings
            .data_dir
            .join("backups")
            .join(format!("kurs-{stamp}.sqlite"))
    });
    let db = store::connect(&settings.database_url, 1).await?;
    let report = store::backup::backup_sqlite(&db, &target).await?;
    db.close().await.ok();
    println!(
        "backup written and checked: {} ({} bytes)",
        report.path.display(),
        report.bytes
    );
    Ok(())
}

/// `kurs restore`: refuses while the server answers, then replaces the database file.
async fn restore(settings: &Settings, path: &std::path::Path) -> anyhow::Result<()> {
    if !settings.database_url.is_sqlite() {
        eprintln!("{}", store::backup::POSTGRES_HOWTO);
        std::process::exit(2);
    }
    let Some(database) = settings.database_url.sqlite_file() else {
        anyhow::bail!("an in-memory database cannot be restored");
    };
    let answers = std::net::ToSocketAddrs::to_socket_addrs(&settings.listen.as_str())
        .map(|mut addrs| {
            addrs.any(|a| {
                std::net::TcpStream::connect_timeout(&a, std::time::Duration::from_secs(1)).is_ok()
            })
        })
        .unwrap_or(false);
    if answers {
        anyhow::bail!(
            "something answers on {} (is Kurs still running?); stop the server before \
             restoring",
            settings.listen
        );
    }
    // A server on another address holds the database's lock.
    let _server_lock = store::lock_sqlite_for_server(&settings.database_url)?;
    let report = store::backup::restore_sqlite(path, &database).await?;
    match report.previous {
        Some(previous) => println!(
            "restored {} into {} ({} bytes); the replaced database is kept as {}",
            path.display(),
            database.display(),
            report.bytes,
            previous.display()
        ),
        None => println!(
            "restored {} into {} ({} bytes)",
            path.display(),
            database.display(),
            report.bytes
        ),
    }
    Ok(())
}
