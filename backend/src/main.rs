//! The `kurs` command: serve the API (and the web app), migrate, manage users, print the
//! OpenAPI document.

use clap::{Parser, Subcommand};
use kurs::config::Settings;
use kurs::domain::access::Role;
use kurs::{demo, startup::Application, store, telemetry};

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
        Command::Openapi => unreachable!("handled above"),
    }
    Ok(())
}
