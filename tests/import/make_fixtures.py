"""Writes the small .docx files tests/import.rs imports (run once; the files are committed,
so the tests never need Python):

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install python-docx
    /tmp/venv/bin/python tests/import/make_fixtures.py

python-docx writes the documents; what it cannot (footnotes, tracked deletions) is written
into the zip afterwards. Dates in the core properties are fixed; python-docx dates the comment
in styled.docx with the time it runs, so that file's bytes (not its content) change each run.
"""

import datetime
import io
import os
import re
import struct
import zipfile
import zlib

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "docx")
FIXED = datetime.datetime(2015, 1, 20, 8, 0, 0)


def fixed_props(doc, title=""):
    props = doc.core_properties
    props.title = title
    props.author = "办公室"
    props.last_modified_by = "办公室"
    props.created = FIXED
    props.modified = FIXED
    props.revision = 1


def save(doc, name, edit=None):
    buf = io.BytesIO()
    doc.save(buf)
    data = buf.getvalue()
    if edit:
        data = edit(data)
    data = normalize(data)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def normalize(data):
    """The same zip for the same content: fixed timestamps, parts in one order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2015, 1, 20, 8, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def rewrite(data, changes):
    """Applies `changes(name, text) -> text` to the XML parts, and adds `extra` parts."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    extra = changes(None, None) or {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.endswith(".xml") or info.filename.endswith(".rels"):
                body = changes(info.filename, body.decode("utf-8")).encode("utf-8")
            dst.writestr(info.filename, body)
        for name, body in extra.items():
            dst.writestr(name, body)
    return out.getvalue()


def png(width=2, height=2):
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def styled():
    """Word's own Title and Heading styles, runs in bold and italic, a soft line break, a
    bulleted list, a page header and footer, a comment and a tracked deletion."""
    doc = Document()
    fixed_props(doc)
    doc.sections[0].header.paragraphs[0].text = "区总工会文件（页眉）"
    doc.sections[0].footer.paragraphs[0].text = "第 1 页（页脚）"
    doc.add_paragraph("区总工会2015年工作计划", style="Title")
    doc.add_heading("一、指导思想", level=1)
    p = doc.add_paragraph("坚持以")
    p.add_run("职工为本").bold = True
    p.add_run("，").bold = False
    p.add_run("服务大局").italic = True
    p.add_run("，做好工会")
    p.add_run().add_break()
    p.add_run("各项工作。DELETEME")
    doc.add_heading("（一）加强学习", level=2)
    c = doc.add_paragraph("组织职工学习。")
    doc.add_comment(c.runs, text="批注：这里要改", author="审稿人")
    doc.add_paragraph("开展读书活动", style="List Bullet")
    doc.add_paragraph("举办培训班", style="List Bullet")
    doc.add_heading("二、主要任务", level=1)
    doc.add_paragraph("抓好各项任务的落实。")
    doc.add_paragraph("区总工会")
    doc.add_paragraph("2015年1月20日")

    def edit(name, text):
        if name == "word/document.xml":
            text = text.replace(
                "各项工作。DELETEME</w:t>",
                "各项工作。</w:t></w:r><w:del w:id=\"90\" w:author=\"审稿人\" w:date=\"2015-01-01T00:00:00Z\"><w:r><w:delText>已删除的文字</w:delText></w:r></w:del><w:r><w:t></w:t>",
            )
        return text

    save(doc, "styled.docx", lambda d: rewrite(d, edit))


def numbered():
    """No heading styles at all: the title in large bold type, headings only as numbered plain
    paragraphs, and numbered sentences inside the body that are not headings."""
    doc = Document()
    fixed_props(doc)
    t = doc.add_paragraph()
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = t.add_run("嘉兴市总工会2014年工会工作计划")
    r.bold = True
    r.font.size = Pt(22)
    doc.add_paragraph("2014年全市工会工作的总体要求是：围绕中心，服务大局。")
    doc.add_paragraph("一、加强组织建设")
    doc.add_paragraph("（一）推进基层建会")
    doc.add_paragraph("1.扩大覆盖面")
    doc.add_paragraph("（1）新建工会组织")
    doc.add_paragraph("全年新建工会组织100家。")
    doc.add_paragraph(
        "2.深入开展劳动竞赛，组织广大职工开展“当好主力军、建功十二五”劳动竞赛活动，"
        "开展职工技术比武和技能培训，全年培训职工一万人次，评选一批岗位能手和技术标兵。"
    )
    doc.add_paragraph(
        "3.做好困难职工帮扶工作，建立健全困难职工档案，落实送温暖、金秋助学等各项帮扶措施，"
        "确保困难职工基本生活。"
    )
    doc.add_paragraph("二、加强自身建设")
    doc.add_paragraph("转变作风，提高效率。")
    save(doc, "numbered.docx")


def merged():
    """A table with cells merged across and down, and a plain table."""
    doc = Document()
    fixed_props(doc, "社区工会2016年活动安排")
    doc.add_paragraph("社区工会2016年活动安排")
    doc.add_paragraph("一、活动安排")
    table = doc.add_table(rows=3, cols=3)
    cells = table.rows[0].cells
    cells[0].text = "月份"
    cells[1].text = "活动"
    cells[2].text = "负责人"
    table.cell(1, 0).text = "三月"
    table.cell(1, 1).text = "读书会"
    table.cell(2, 1).text = "登山"
    table.cell(1, 2).text = "张三"
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 2).merge(table.cell(2, 2))
    doc.add_paragraph("二、经费")
    plain = doc.add_table(rows=2, cols=2)
    plain.cell(0, 0).text = "项目"
    plain.cell(0, 1).text = "金额"
    plain.cell(1, 0).text = "活动"
    plain.cell(1, 1).text = "5000元"
    save(doc, "merged.docx")


def image():
    """An image between two paragraphs."""
    doc = Document()
    fixed_props(doc)
    doc.add_paragraph("县总工会2017年工作总结", style="Title")
    doc.add_paragraph("一、职工之家建设")
    doc.add_paragraph("新建职工之家一处，见下图。")
    doc.add_picture(io.BytesIO(png()))
    doc.add_paragraph("职工之家已投入使用。")
    save(doc, "image.docx")


def footnotes():
    """Two footnotes, written into the zip (python-docx cannot)."""
    doc = Document()
    fixed_props(doc)
    doc.add_paragraph("镇总工会2013年工作要点", style="Title")
    doc.add_paragraph("一、学习贯彻会议精神")
    doc.add_paragraph("认真学习十八大精神FOOTNOTE1，落实市总工会部署FOOTNOTE2。")
    notes = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 党的第十八次全国代表大会，2012年11月。</w:t></w:r></w:p></w:footnote>'
        '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 见市总工会2013年1号文件。</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )

    def edit(name, text):
        if name is None:
            return {"word/footnotes.xml": notes}
        if name == "word/document.xml":
            for n in ("1", "2"):
                text = re.sub(
                    "FOOTNOTE" + n,
                    '</w:t></w:r><w:r><w:footnoteReference w:id="' + n + '"/></w:r><w:r><w:t>',
                    text,
                )
        elif name == "word/_rels/document.xml.rels":
            text = text.replace(
                "</Relationships>",
                '<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>',
            )
        elif name == "[Content_Types].xml":
            text = text.replace(
                "</Types>",
                '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
            )
        return text

    save(doc, "footnotes.docx", lambda d: rewrite(d, edit))


def signoff():
    """No year in the title: the unit and the date are in the sign-off, in Chinese numerals."""
    doc = Document()
    fixed_props(doc)
    doc.add_paragraph("街道总工会工作计划", style="Title")
    doc.add_paragraph("一、基层组建")
    doc.add_paragraph("新建工会十家。")
    doc.add_paragraph("二、职工维权")
    doc.add_paragraph("做好劳动争议调解。")
    doc.add_paragraph("街道总工会")
    doc.add_paragraph("二〇一五年一月二十日")
    save(doc, "signoff.docx")


def autonumber():
    """Headings numbered by Word itself (一、 （一） 1. drawn by the numbering, not typed)."""
    doc = Document()
    fixed_props(doc)
    doc.add_paragraph("县总工会2016年工作要点", style="Title")
    doc.add_paragraph("NUM0:总体要求")
    doc.add_paragraph("围绕中心，服务大局。")
    doc.add_paragraph("NUM1:加强组织建设")
    doc.add_paragraph("NUM2:扩大覆盖面")
    doc.add_paragraph("全年新建工会组织50家。")
    doc.add_paragraph("NUM0:保障措施")
    doc.add_paragraph("加强领导。")
    levels = (
        '<w:abstractNum w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        "</w:abstractNum>"
    )

    def edit(name, text):
        if name == "word/document.xml":
            text = re.sub(
                r"<w:p><w:r><w:t>NUM(\d):",
                r'<w:p><w:pPr><w:numPr><w:ilvl w:val="\1"/><w:numId w:val="90"/></w:numPr></w:pPr><w:r><w:t>',
                text,
            )
        elif name == "word/numbering.xml":
            at = text.index("<w:num ")
            text = text[:at] + levels + text[at:]
            text = text.replace("</w:numbering>", '<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num></w:numbering>')
        return text

    save(doc, "autonumber.docx", lambda d: rewrite(d, edit))


if __name__ == "__main__":
    os.makedirs(HERE, exist_ok=True)
    for make in (styled, numbered, merged, image, footnotes, signoff, autonumber):
        make()
    print("wrote", sorted(os.listdir(HERE)))
