//! Rebuilds this crate when a PostgreSQL migration is added: `sqlx::migrate!` in `pg.rs` tracks
//! the files it embeds, but on stable Rust not the folder, so a new file would otherwise keep the
//! old template hash (and schema) until a clean build.

fn main() {
    println!("cargo:rerun-if-changed=../concord-store-postgres/migrations");
}
