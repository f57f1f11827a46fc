#!/usr/bin/env python3
"""german_tests.py — the German catalogue in real GIMP (TAP).

   german_tests.py --build BUILD_DIR

tools/install-user into a throwaway home (the catalogue goes to the plug-in's
locale/ folder), then batch GIMP with LANG=de_DE.UTF-8 LANGUAGE=de reads the procedures
from the PDB: menu labels, blurbs and the arguments' labels and descriptions
(the settings declaration's, as the Procedure Browser and GIMP's generated
dialogs show them) are German; the same run with LANGUAGE=en stays English.
glibc's gettext ignores LANGUAGE under C.UTF-8, and the test roots have no
German locale: the test makes one for LOCPATH, a copy of C.UTF-8 under the
name de_DE.UTF-8 (gettext only needs the name; numbers stay C).
"""
import argparse
import json
import os
import shutil
import sys
import tempfile

import tap
from tap import check

HERE = os.path.dirname(os.path.abspath(__file__))

def query(env, work, name):
    out = os.path.join(work, name + '.json')
    code = 'exec(open(%r).read())' % os.path.join(HERE, 'in_gimp_installed.py')
    rc, log = tap.run_gimp(dict(env, FG_TEST_OUT=out), 'python-fu-eval', code,
                           os.path.join(work, name + '.log'))
    if not check(rc == 0 and os.path.exists(out), '%s: batch GIMP ran (exit %s)' % (name, rc), log):
        return None
    return json.load(open(out))['procedures']


def labels(proc):
    return {a['name']: a['label'] for a in proc['arguments']}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--build', required=True)
    args = parser.parse_args()

    tap.announce_gimp()
    if tap.gimp_missing():
        return 0
    work = tempfile.mkdtemp(prefix='fg-german-')
    home, env = tap.throwaway_home(work)
    env.update(LOCPATH=os.path.join(work, 'locales'), LANG='de_DE.UTF-8', LC_ALL='de_DE.UTF-8')
    c_utf8 = next((d for d in ('/usr/lib/locale/C.utf8', '/usr/lib/locale/C.UTF-8') if os.path.isdir(d)), None)
    if not check(c_utf8 is not None, 'a C.UTF-8 locale to name de_DE.UTF-8'):
        return tap.finish_and_clean(work)
    shutil.copytree(c_utf8, os.path.join(work, 'locales', 'de_DE.UTF-8'))
    rc, out = tap.install_user(env, args.build)
    check(rc == 0 and 'locale/de/LC_MESSAGES/freqgrad.mo' in out, 'install-user installs the German catalogue', out)

    german = query(dict(env, LANGUAGE='de'), work, 'de')
    if german:
        fs, gd = german['plug-in-frequency-smooth'], german['plug-in-gradient-denoise']
        check(fs['menu_label'] == '_Frequenzglättung ...', 'menu label in German: %s' % fs['menu_label'])
        check(gd['menu_label'] == '_Gradienten-Entrauschen ...', 'menu label in German: %s' % gd['menu_label'])
        check(fs['blurb'].startswith('Im Frequenzraum filtern'), 'Frequency Smooth blurb in German: %s' % fs['blurb'])
        check(gd['blurb'].startswith('Rauschen entfernen'), 'Gradient Denoise blurb in German: %s' % gd['blurb'])
        check(labels(fs).get('cutoff') == '_Grenzperiode (px)' and labels(fs).get('filter') == '_Filtertyp'
              and labels(fs).get('shape') == '_Form' and labels(fs).get('notches') == '_Kerben (fx fy, ...)',
              'Frequency Smooth setting labels in German', json.dumps(labels(fs), ensure_ascii=False))
        check(labels(gd).get('energy') == '_Energie' and labels(gd).get('auto-strength') == '_Automatische Stärke',
              'Gradient Denoise setting labels in German', json.dumps(labels(gd), ensure_ascii=False))
        check(labels(gd).get('color-space') == '_Farbraum'
              and labels(gd).get('auto-chroma-strength') == 'Automatische Farb_stärke'
              and labels(gd).get('chroma-strength') == 'Farbstär_ke (Lambda)',
              'Gradient Denoise color space labels in German', json.dumps(labels(gd), ensure_ascii=False))
        cutoff = next(a for a in fs['arguments'] if a['name'] == 'cutoff')
        check(cutoff['blurb'].startswith('Periode in Pixeln') and cutoff['blurb'].endswith('1 to 100000'),
              'a setting description is German, its valid values as declared: %s' % cutoff['blurb'])
        english = [a['name'] for p in german.values() for a in p['arguments']
                   if a['label'] == a['name'] or not a['label']]
        check(not english, 'every argument has a label', ' '.join(english))
        # A message of the plug-in's own: a locked layer, refused in German.
        out = os.path.join(work, 'locked.txt')
        code = ('from gi.repository import Gimp\n'
                'image = Gimp.Image.new(16, 16, Gimp.ImageBaseType.RGB)\n'
                'layer = Gimp.Layer.new(image, "l", 16, 16, Gimp.ImageType.RGB_IMAGE, 100, Gimp.LayerMode.NORMAL)\n'
                'image.insert_layer(layer, None, 0)\n'
                'layer.set_lock_content(True)\n'
                'proc = Gimp.get_pdb().lookup_procedure("plug-in-frequency-smooth")\n'
                'cfg = proc.create_config()\n'
                'cfg.set_property("image", image)\n'
                'cfg.set_core_object_array("drawables", [layer])\n'
                'result = proc.run(cfg)\n'
                'open(%r, "w").write(str(result.index(1)) if result.length() > 1 else "")\n' % out)
        rc, log = tap.run_gimp(dict(env, LANGUAGE='de'), 'python-fu-eval', code, os.path.join(work, 'locked.log'))
        message = open(out).read() if os.path.exists(out) else ''
        check('gesperrt' in message, "the plug-in's own message in German: %s" % message, log[-2000:])
    plain = query(dict(env, LANGUAGE='en'), work, 'en')
    if plain:
        check(plain['plug-in-frequency-smooth']['menu_label'] == '_Frequency Smooth...'
              and labels(plain['plug-in-gradient-denoise']).get('energy') == '_Energy',
              'with LANGUAGE=en the labels stay English')
    return tap.finish_and_clean(work)


if __name__ == '__main__':
    sys.exit(main())
