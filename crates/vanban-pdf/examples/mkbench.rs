//! Build a benchmark PDF: `mkbench OUT COPIES IN.pdf...` concatenates the inputs, each
//! repeated COPIES times, into one document.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: mkbench OUT COPIES IN.pdf...");
        std::process::exit(2);
    }
    let copies: usize = args[1].parse().unwrap_or(1);
    let inputs: Vec<Vec<u8>> = args[2..]
        .iter()
        .map(|p| std::fs::read(p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .collect();
    match vanban_pdf::testgen::concat(&inputs, copies) {
        Ok(bytes) => std::fs::write(&args[0], bytes).unwrap_or_else(|e| panic!("{}: {e}", args[0])),
        Err(e) => {
            eprintln!("mkbench: {e}");
            std::process::exit(1);
        }
    }
}
