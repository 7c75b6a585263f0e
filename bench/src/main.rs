//! `kurs-bench`: the benchmark, the crash test and the data generator of Kurs (a developer
//! tool in its own workspace member, so nothing of it ends up in the shipped binary).
//! `make bench` and `make crash-test` run it; docs/QUALITY.md has the figures.

mod council;
mod crash;
mod data;
mod maturity;
mod openloop;
mod report;
mod run;
mod seed;
mod server;
mod sqlratio;
mod wrk;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "kurs-bench",
    about = "Benchmark, crash test and data generator for Kurs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load the benchmark data set into an empty database.
    Seed {
        #[arg(long)]
        database_url: String,
        #[arg(long, value_enum, default_value = "base")]
        scale: data::Scale,
        #[arg(long, default_value_t = 20_261_128)]
        seed: u64,
    },
    /// Time the dashboard through the store against one hand-written SQL query.
    SqlRatio {
        #[arg(long)]
        database_url: String,
        #[arg(long, default_value_t = 15)]
        iterations: usize,
    },
    /// The full benchmark for one database backend (seeds fresh databases).
    Run(run::RunArgs),
    /// Print the Markdown report of one or more result files written by `run --out`.
    Report { files: Vec<PathBuf> },
    /// kill -9 the server during concurrent writes, repeatedly, and verify the database.
    Crash(crash::CrashArgs),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Seed {
            database_url,
            scale,
            seed,
        } => {
            let seeded = seed::seed(&database_url, scale, seed).await?;
            println!("{}", serde_json::to_string_pretty(&seeded)?);
        }
        Command::SqlRatio {
            database_url,
            iterations,
        } => {
            let ratio = sqlratio::compare(&database_url, iterations).await?;
            println!("{}", serde_json::to_string_pretty(&ratio)?);
            anyhow::ensure!(ratio.equal, "the hand-written SQL computes other numbers");
        }
        Command::Run(args) => {
            let report = run::run(args).await?;
            println!("{}", report::markdown(&[report]));
        }
        Command::Report { files } => {
            let mut reports = Vec::new();
            for file in files {
                let text = std::fs::read_to_string(&file)?;
                reports.push(serde_json::from_str(&text)?);
            }
            println!("{}", report::markdown(&reports));
        }
        Command::Crash(args) => {
            if !crash::run(args).await? {
                anyhow::bail!("the crash test found lost or half-applied writes");
            }
        }
    }
    Ok(())
}
