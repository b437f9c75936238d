//! Tables as Markdown, or as HTML where cells are merged (Markdown tables cannot merge).

/// One cell: its text (Markdown inline, paragraphs joined by `<br>`), and how many columns
/// and rows it spans; a cell covered by a merge above it is not listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub cols: usize,
    pub rows: usize,
}

impl Cell {
    #[cfg(test)]
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            cols: 1,
            rows: 1,
        }
    }
}

/// The table in Markdown, the first row its header; in HTML when a cell spans more than one
/// column or row.
pub fn render(rows: &[Vec<Cell>]) -> String {
    let rows: Vec<&Vec<Cell>> = rows.iter().filter(|r| !r.is_empty()).collect();
    if rows.is_empty() {
        return String::new();
    }
    if rows
        .iter()
        .flat_map(|r| r.iter())
        .any(|c| c.cols > 1 || c.rows > 1)
    {
        return html(&rows);
    }
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(1);
    let line = |row: &Vec<Cell>| {
        let mut cells: Vec<String> = row.iter().map(|c| markdown_cell(&c.text)).collect();
        cells.resize(width, String::new());
        format!("| {} |", cells.join(" | "))
    };
    let mut out = vec![line(rows[0]), format!("|{}", " --- |".repeat(width))];
    out.extend(rows[1..].iter().map(|r| line(r)));
    out.join("\n")
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', "<br>")
}

fn html(rows: &[&Vec<Cell>]) -> String {
    let mut out = String::from("<table>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row.iter() {
            out.push_str("<td");
            if cell.cols > 1 {
                out.push_str(&format!(" colspan=\"{}\"", cell.cols));
            }
            if cell.rows > 1 {
                out.push_str(&format!(" rowspan=\"{}\"", cell.rows));
            }
            out.push('>');
            out.push_str(&escape_html(&cell.text).replace('\n', "<br>"));
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>");
    out
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_tables_are_markdown() {
        let rows = vec![
            vec![Cell::new("项目"), Cell::new("时间")],
            vec![Cell::new("培训|班"), Cell::new("3月")],
        ];
        assert_eq!(
            render(&rows),
            "| 项目 | 时间 |\n| --- | --- |\n| 培训\\|班 | 3月 |"
        );
    }

    #[test]
    fn merged_cells_are_html() {
        let rows = vec![
            vec![Cell {
                cols: 2,
                ..Cell::new("合并")
            }],
            vec![
                Cell {
                    rows: 2,
                    ..Cell::new("a<b")
                },
                Cell::new("c"),
            ],
            vec![Cell::new("d")],
        ];
        assert_eq!(
            render(&rows),
            "<table>\n<tr><td colspan=\"2\">合并</td></tr>\n<tr><td rowspan=\"2\">a&lt;b</td><td>c</td></tr>\n<tr><td>d</td></tr>\n</table>"
        );
    }
}
