"""help_pages.py — checks of the installed help domain, for install_user_tests.py:
GIMP registered it (pluginrc's help-def) at the plug-in's help/ folder, its
gimp-help.xml maps each procedure's help id to a page there, and each page has
a section for every PDB argument, with the argument's label and default."""
import html
import os
import re
import urllib.parse
import xml.etree.ElementTree as ET

from tap import check

DOMAIN = 'freqgrad-help'


def registered_uri(profile):
    """The URI pluginrc records for the freqgrad help domain, or None."""
    try:
        text = open(os.path.join(profile, 'pluginrc'), encoding='utf-8', errors='replace').read()  # icons are binary
    except OSError:
        return None
    m = re.search(r'\(help-def "%s" "([^"]*)"\)' % re.escape(DOMAIN), text)
    return m.group(1) if m else None


def page_sections(page):
    """{argument name: (label, default text)} from a page's generated sections."""
    sections = {}
    for m in re.finditer(r'<h3 id="([^"]+)" class="parameter">(.*?)</h3>(.*?)(?=<h[23]|\Z)', page, re.S):
        d = re.search(r'<code class="default">(.*?)</code>', m.group(3))
        sections[m.group(1)] = (html.unescape(m.group(2)), html.unescape(d.group(1)) if d else None)
    return sections


def same_default(text, value):
    if text is None:
        return False
    if isinstance(value, bool):
        return text == ('TRUE' if value else 'FALSE')
    if isinstance(value, str):
        return text == '"%s"' % value
    try:
        return float(text) == float(value)
    except ValueError:
        return False


def check_help(profile, plugin_dir, procedures):
    uri = registered_uri(profile)
    help_dir = os.path.join(plugin_dir, 'help')
    path = urllib.parse.unquote(urllib.parse.urlparse(uri).path) if uri else None
    if not check(path is not None and os.path.realpath(path) == os.path.realpath(help_dir),
                 'GIMP registered the help domain %s at the plug-in\'s help/ folder (%s)' % (DOMAIN, uri)):
        return
    try:
        mapping = {item.get('id'): item.get('ref')
                   for item in ET.parse(os.path.join(help_dir, 'en', 'gimp-help.xml')).getroot()
                   if item.tag == 'help-item'}
    except (OSError, ET.ParseError) as e:
        check(False, 'the domain has en/gimp-help.xml', str(e))
        return
    for name, proc in procedures.items():
        if proc is None:
            continue
        # GIMP reports it as DOMAIN?ID and splits it so when F1 or Help asks for it.
        domain, _, help_id = proc['help_id'].rpartition('?')
        check(domain == DOMAIN, '%s: its help id %s is in the domain %s' % (name, proc['help_id'], DOMAIN))
        ref = mapping.get(help_id)
        page_path = os.path.join(help_dir, 'en', ref) if ref else None
        if not check(page_path is not None and os.path.isfile(page_path),
                     '%s: help id %s maps to an installed page (%s)' % (name, help_id, ref)):
            continue
        page = open(page_path, encoding='utf-8').read()
        pictures = re.findall(r'<img src="([^"]+)"', page)
        missing = [p for p in pictures if not os.path.isfile(os.path.join(help_dir, 'en', p))]
        check(pictures and not missing, '%s: the page\'s %d pictures are installed beside it'
              % (name, len(pictures)), ' '.join(missing))
        sections = page_sections(page)
        wanted = [a['name'] for a in proc['arguments']]
        check(sorted(sections) == sorted(wanted),
              '%s: the page has a section for each of its %d arguments, and no other' % (name, len(wanted)),
              'page: %s\nPDB: %s' % (sorted(sections), sorted(wanted)))
        wrong = []
        for a in proc['arguments']:
            label, default = sections.get(a['name'], (None, None))
            if label != a['label'].replace('_', '') or not same_default(default, a['default']):
                wrong.append('%s: page %r %r, PDB %r %r' % (a['name'], label, default, a['label'], a['default']))
        check(not wrong, '%s: each section has the argument\'s label and default' % name, '\n'.join(wrong))
