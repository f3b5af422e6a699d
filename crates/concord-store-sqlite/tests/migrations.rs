//! Both backends carry the same numbered migration files (DESIGN.md, "The store").

use std::path::Path;

fn names(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".sql") {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

#[test]
fn both_backends_have_the_same_migration_file_names() -> std::io::Result<()> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sqlite = names(&here.join("migrations"))?;
    assert!(!sqlite.is_empty());
    let postgres = here.join("../concord-store-postgres/migrations");
    if !postgres.exists() {
        eprintln!("SKIPPED: crates/concord-store-postgres/migrations does not exist yet");
        return Ok(());
    }
    assert_eq!(sqlite, names(&postgres)?);
    Ok(())
}
