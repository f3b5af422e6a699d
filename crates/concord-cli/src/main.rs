//! `concord`: serve the registry, build the demo, import, export, back up, restore and more.
//! Argument parsing and dispatch only; the work is in the library and the `cmd` modules.

mod cli;
mod cmd;

use clap::Parser;

/// mimalloc instead of the system allocator: with glibc's malloc, allocating and freeing took
/// about a sixth of the CPU time of a large import (see BENCHMARKS.md, sixth session).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    // mimalloc reserves memory in large aligned regions. Where the kernel backs anonymous
    // memory with transparent huge pages ("always", as on Debian), every region it touches
    // becomes 2 MiB resident: the server's heap under load measured 134 MB instead of 57 MB.
    // So the process opts out before its runtime allocates much (not fatal where unsupported).
    #[cfg(target_os = "linux")]
    if let Err(e) = rustix::thread::disable_transparent_huge_pages(true) {
        eprintln!("concord: could not opt out of transparent huge pages: {e}");
    }
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

async fn run() -> anyhow::Result<()> {
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("concord=info,concord_http=info,warn")
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    cmd::run(cli).await
}
