//! PLACEHOLDER SKELETON: being implemented (issue 6).

use std::process::ExitCode;

/// `vanban cites`.
#[derive(clap::Args)]
pub struct CitesArgs {
    /// Key or path.
    pub key: String,
}
/// `vanban cited-by`.
#[derive(clap::Args)]
pub struct CitedByArgs {
    /// Key.
    pub key: String,
}
/// `vanban trace`.
#[derive(clap::Args)]
pub struct TraceArgs {
    /// Key.
    pub key: String,
}
/// `vanban graph`.
#[derive(clap::Args)]
pub struct GraphArgs {}

/// Run `cites`.
pub fn cites(_a: CitesArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
/// Run `cited-by`.
pub fn cited_by(_a: CitedByArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
/// Run `trace`.
pub fn trace(_a: TraceArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
/// Run `graph`.
pub fn graph(_a: GraphArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
