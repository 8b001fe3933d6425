//! Print the repaired text of each file given (a quick look at what the pipeline does).

fn main() {
    let opts = vanban_text::RepairOptions::default();
    for path in std::env::args().skip(1) {
        match std::fs::read(&path).map(|b| vanban_text::repair_bytes(&b, &opts)) {
            Ok(Ok(r)) => {
                eprintln!("{path}: {:?}, {} repairs", r.encoding, r.repairs.len());
                println!("{}", r.text);
            }
            Ok(Err(e)) => eprintln!("{path}: {e}"),
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
