//! Rebuilds this crate when a migration is added: `sqlx::migrate!` tracks the files it embeds,
//! but on stable Rust not the folder, so a new file would otherwise go unseen until a clean build.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
