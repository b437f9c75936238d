# Reading the content folder
# Each message is named for its code (`-` for `.`); .help is its help line, .about names the kind when findings are counted.

content-missing =
    .about = no content folder

content-stray-file =
    .about = a file that belongs to no plan

content-txt-suffix =
    .about = a plan saved as `.md.txt`

content-autosave =
    .about = an editor's autosave or backup of a plan

content-symlink =
    .about = a symbolic link in the content folder

file-unreadable =
    .about = a file that cannot be read

file-encoding-gbk =
    .about = a file saved as GBK/GB18030

file-encoding-utf16 =
    .about = a file saved as UTF-16

file-encoding-invalid =
    .about = a file that is not valid UTF-8 text
