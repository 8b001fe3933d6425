//! One module per subcommand; each owns its clap `Args` and a `run`.

pub mod extract;
pub mod graph;
pub mod ingest;
pub mod metrics;
pub mod normalize;
pub mod pdf_worker;
pub mod search;
pub mod serve;
pub mod show;
pub mod status;
