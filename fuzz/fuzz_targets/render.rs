//! A whole template: arbitrary bytes as a .docx package, opened, compiled
//! and rendered with fixed data. Every failure must be an error; a rendered
//! part must be well-formed XML (the renderer checks the parts whose
//! structure data can change, and says so as an error).
#![no_main]

use std::sync::OnceLock;

use engagekit::docx::DocxPackage;
use engagekit::render::{CompiledTemplate, Limits, RenderOptions};
use libfuzzer_sys::fuzz_target;

fn data() -> &'static serde_json::Value {
    static DATA: OnceLock<serde_json::Value> = OnceLock::new();
    DATA.get_or_init(|| {
        serde_json::json!({
            "customer": {"name": "Schmidt & Söhne <GmbH>"},
            "goals": [{"id": "G1", "title": "a\nb"}, {"id": "G2", "title": "\u{1}x"}],
            "n": 3,
        })
    })
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(package) = DocxPackage::from_bytes(bytes.to_vec(), "fuzz.docx") else {
        return;
    };
    let Ok(mut template) = CompiledTemplate::compile(package, RenderOptions::default()) else {
        return;
    };
    // Small limits: the fuzzer looks for panics, not for slow inputs.
    template.set_limits(Limits {
        max_text: 1 << 20,
        fuel: 200_000,
    });
    if let Ok(doc) = template.render(data()) {
        for (name, xml) in &doc.parts {
            if let Err(e) = engagekit::docx::check_xml(xml) {
                panic!("{name} rendered malformed: {e:?}");
            }
        }
        let _ = template.write_to(&doc, std::io::Cursor::new(Vec::new()));
    }
});
