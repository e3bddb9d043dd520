//! The bundled fonts (Fandol: Song, Hei, Fang, Kai), embedded in the binary and shared by
//! typst (`pdf`) and the charts, and the family names both use. Ground floor.

/// (file name, bytes) of the bundled fonts.
pub static BUNDLED: &[(&str, &[u8])] = &[
    (
        "FandolSong-Regular.otf",
        include_bytes!("../assets/fonts/fandol/FandolSong-Regular.otf"),
    ),
    (
        "FandolSong-Bold.otf",
        include_bytes!("../assets/fonts/fandol/FandolSong-Bold.otf"),
    ),
    (
        "FandolHei-Regular.otf",
        include_bytes!("../assets/fonts/fandol/FandolHei-Regular.otf"),
    ),
    (
        "FandolHei-Bold.otf",
        include_bytes!("../assets/fonts/fandol/FandolHei-Bold.otf"),
    ),
    (
        "FandolFang-Regular.otf",
        include_bytes!("../assets/fonts/fandol/FandolFang-Regular.otf"),
    ),
    (
        "FandolKai-Regular.otf",
        include_bytes!("../assets/fonts/fandol/FandolKai-Regular.otf"),
    ),
];

/// Family names as typst sees them (note `FandolFang R`).
pub mod family {
    pub const SONG: &str = "FandolSong";
    pub const HEI: &str = "FandolHei";
    pub const FANG: &str = "FandolFang R";
    pub const KAI: &str = "FandolKai";
}
