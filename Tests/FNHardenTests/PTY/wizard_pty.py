#!/usr/bin/env python3
"""Drive `fnharden` through a real pseudo-terminal, as a person would.

Usage: wizard_pty.py PATH-TO-FNHARDEN

Each scenario runs the binary under a fresh pty (pexpect), in its own
temporary folder with its own HOME (so readline's history is private),
types, presses Tab and Ctrl-C, and checks what the screen shows, what is
written and the exit status. Prints one line per scenario and
"N passed, N failed" at the end; exits 1 when any failed. Run by
Tests/FNHardenTests/ExternalToolTests.swift.
"""
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback

import pexpect

BINARY = os.path.abspath(sys.argv[1])
TIMEOUT = 15


def default_signals():
    """As from a person's shell: the test runner above may ignore or block
    SIGINT, and both stay so across exec."""
    numbers = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
    for number in numbers:
        signal.signal(number, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, numbers)


class Session:
    """One run of fnharden under a pty in a scratch folder."""

    def __init__(self, folder, args=(), home=None, lang="C.UTF-8", extra_env=None):
        env = dict(os.environ)
        for key in ("NO_COLOR", "FNHARDEN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "FNHARDEN_DATA_DIR"):
            env.pop(key, None)
        env.update({"LANG": lang, "TERM": "xterm", "HOME": home or folder, "NO_COLOR": "1",
                    "XDG_STATE_HOME": os.path.join(home or folder, "state")})
        env.update(extra_env or {})
        self.child = pexpect.spawn(BINARY, list(args), cwd=folder, env=env, encoding="utf-8",
                                   timeout=TIMEOUT, dimensions=(40, 200), preexec_fn=default_signals)

    def expect(self, pattern):
        self.child.expect(pattern)
        return self.child.before

    def prompt(self, key):
        """Waits for the prompt of the question whose key is `key`."""
        self.child.expect(r"\n" + key + r"( \[[^\]]*\])?: ")

    def answer(self, key, text=""):
        self.prompt(key)
        self.child.sendline(text)

    def finish(self):
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus, self.child.signalstatus


def answer_everything(session, given=None, stop_at=None):
    """Answers prompts until the confirmation (or `stop_at`), Enter unless `given` says otherwise."""
    given = given or {}
    while True:
        index = session.child.expect([r"\n([a-z0-9-]+)( \[[^\]]*\])?: ", r"Write the checklist to .*\? \[Y/n\] "])
        if index == 1:
            return
        key = session.child.match.group(1)
        if key == stop_at:
            return key
        session.child.sendline(given.get(key, ""))


def read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def scenario_full_interview_with_defaults(folder):
    s = Session(folder, ["wizard"])
    s.expect("What is the function app called")
    s.answer("name", "contoso-pty")
    answer_everything(s)
    s.child.sendline("")
    s.expect(r"wrote fnharden-out/checklist\.md")
    status, _ = s.finish()
    assert status == 0, f"exit {status}"
    for name in ("checklist.md", "checklist.json", "answers.yaml"):
        assert os.path.exists(os.path.join(folder, "fnharden-out", name)), name
    assert "name: \"contoso-pty\"" in read(os.path.join(folder, "fnharden-answers.yaml"))


def scenario_bare_command_on_a_terminal_interviews(folder):
    s = Session(folder, [])
    s.expect(r"\[1/\d+\] App")
    s.child.sendline("quit")
    status, _ = s.finish()
    assert status == 0, f"exit {status}"


def scenario_back_keeps_the_answer(folder):
    s = Session(folder, ["wizard"])
    s.answer("name", "contoso-back")
    s.answer("resource-group", "rg-back")
    s.prompt("location")
    s.child.sendline("back")
    s.prompt(r"resource-group")
    assert "[rg-back]" in s.child.after, s.child.after
    s.child.sendline("")
    s.answer("location", "westeurope")
    s.prompt("plan")
    s.child.sendline("quit")
    s.finish()
    saved = read(os.path.join(folder, "fnharden-answers.yaml"))
    assert "resource-group: \"rg-back\"" in saved and "location: \"westeurope\"" in saved, saved


def scenario_invalid_answer_is_explained_and_asked_again(folder):
    s = Session(folder, ["wizard"])
    s.answer("name", "contoso-typo")
    answer_everything(s, stop_at="plan")
    s.child.sendline("premum")
    s.expect("did you mean `premium`")
    s.prompt("plan")
    s.child.sendline("premium")
    s.prompt("os")
    s.child.sendline("quit")
    s.finish()
    assert "plan: premium" in read(os.path.join(folder, "fnharden-answers.yaml"))


def scenario_tab_completes_a_plan_name(folder):
    s = Session(folder, ["wizard"])
    s.answer("name", "contoso-tab")
    answer_everything(s, stop_at="plan")
    s.child.send("flex")
    s.child.send("\t")
    s.expect("flex-consumption")
    s.child.sendline("")
    # Flex Consumption runs on Linux and 4.x only: the OS and runtime questions are skipped.
    s.prompt("triggers")
    s.child.sendline("quit")
    s.finish()
    assert "plan: flex-consumption" in read(os.path.join(folder, "fnharden-answers.yaml"))


def scenario_help_explains_the_question(folder):
    s = Session(folder, ["wizard"])
    s.answer("name", "contoso-help")
    answer_everything(s, stop_at="plan")
    s.child.sendline("?")
    s.expect("The plan decides which hardening is possible")
    s.expect(r"See \"Azure Functions hosting options\": https://learn\.microsoft\.com/azure/azure-functions/functions-scale")
    s.prompt("plan")
    s.child.sendline("premium")
    s.prompt("os")
    s.child.sendline("help")
    s.expect("Linux Consumption lacks several controls")
    s.prompt("os")
    s.child.sendline("quit")
    s.finish()


def scenario_ctrl_c_saves_and_a_second_run_resumes(folder):
    s = Session(folder, ["wizard"])
    s.answer("name", "contoso-resume")
    s.answer("resource-group", "rg-resume")
    s.prompt("location")
    s.child.sendcontrol("c")
    s.expect("Resume with: fnharden\r\n")
    status, signal_status = s.finish()
    assert status == 130, f"exit {status} signal {signal_status}"
    saved = read(os.path.join(folder, "fnharden-answers.yaml"))
    assert "contoso-resume" in saved and "rg-resume" in saved, saved
    again = Session(folder, [])
    again.expect("Resuming from fnharden-answers.yaml: 2 answers kept")
    again.prompt("location")  # not the name again
    again.child.sendline("quit")
    again.finish()


def scenario_sigterm_and_sighup_save_and_exit(folder):
    for number, expected in ((signal.SIGTERM, 143), (signal.SIGHUP, 129)):
        s = Session(folder, ["wizard", "--fresh", "--save", f"saved-{expected}.yaml"])
        s.answer("name", f"contoso-{expected}")
        s.prompt("resource-group")
        s.child.kill(number)
        status, signal_status = s.finish()
        assert status == expected, f"signal {number}: exit {status} signal {signal_status}"
        assert f"contoso-{expected}" in read(os.path.join(folder, f"saved-{expected}.yaml"))


def scenario_back_and_help_at_the_final_confirmation(folder):
    s = Session(folder, ["wizard"])
    s.answer("name", "contoso-end")
    answer_everything(s)
    s.child.sendline("maybe")
    s.expect("Answer y or n")
    s.child.sendline("back")
    # The interview's last question: what the Azure Policy set does.
    s.prompt("enforcement")
    s.child.sendline("deny")
    answer_everything(s)
    s.child.sendline("n")
    s.expect("Nothing written")
    status, _ = s.finish()
    assert status == 0, f"exit {status}"
    assert not os.path.exists(os.path.join(folder, "fnharden-out"))


def scenario_ctrl_d_on_an_empty_line_saves_and_exits_zero(folder):
    s = Session(folder, ["wizard"])
    s.answer("name", "contoso-eof")
    s.prompt("resource-group")
    s.child.sendcontrol("d")
    s.expect("Answers so far saved")
    status, _ = s.finish()
    assert status == 0, f"exit {status}"


def scenario_history_recalls_earlier_answers(folder):
    s = Session(folder, ["wizard"])
    s.answer("name", "contoso-history")
    s.prompt("resource-group")
    s.child.send("\x1b[A")  # Up: the name typed a moment ago
    s.expect("contoso-history")
    s.child.sendline("")
    s.prompt("location")
    s.child.sendline("quit")
    s.finish()
    assert os.path.exists(os.path.join(folder, "state", "fnharden", "history"))


def scenario_greek_from_lang_interviews_in_greek(folder):
    s = Session(folder, [], lang="el_GR.UTF-8")
    s.expect("Πώς ονομάζεται η εφαρμογή συναρτήσεων;")
    s.answer("name", "contoso-el")
    answer_everything(s, stop_at="plan")
    # Greek labels beside the ids; Tab still completes the ids.
    s.child.send("prem")
    s.child.send("\t")
    s.expect("premium")
    s.child.sendline("")
    s.prompt("os")
    s.child.sendline("quit")
    s.finish()
    assert "plan: premium" in read(os.path.join(folder, "fnharden-answers.yaml"))


def slow_disk(folder):
    """The LD_PRELOAD shim of FileSystemTests, slowing each write to out/."""
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "shims", "disk_shim.c")
    library = os.path.join(folder, "disk_shim.so")
    if os.system(f"cc -shared -fPIC -o '{library}' '{source}' -ldl") != 0:
        raise AssertionError("cc could not build the shim")
    return {"LD_PRELOAD": library, "FNHARDEN_SHIM_DIR": os.path.join(folder, "out"),
            "FNHARDEN_SHIM_SLOW_MS": "150", "FNHARDEN_SHIM_MARK": os.path.join(folder, "writing")}


def whole_set(folder):
    """The output folder holds no temporary file and a whole checklist."""
    names = [name for _, _, files in os.walk(os.path.join(folder, "out")) for name in files]
    assert not [name for name in names if name.startswith(".")], names
    return read(os.path.join(folder, "out", "checklist.md"))


def scenario_ctrl_c_or_a_closed_terminal_during_generate_leave_a_whole_set(folder):
    answers = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "answers")
    for how in ("ctrl-c", "hang-up"):
        # Another app's set first: files that already hold the new bytes are
        # left alone, so the interrupted run must have something to write.
        first = Session(folder, ["generate", "--answers", os.path.join(answers, "flex.json"), "--output", "out", "--force"])
        assert first.finish()[0] == 0
        mark = os.path.join(folder, "writing")
        if os.path.exists(mark):
            os.remove(mark)
        s = Session(folder, ["generate", "--answers", os.path.join(answers, "premium-hardened.yaml"), "--output", "out",
                             "--force"], extra_env=slow_disk(folder))
        for _ in range(400):
            if os.path.exists(mark):
                break
            time.sleep(0.01)
        assert os.path.exists(mark), "the writes never started"
        if how == "ctrl-c":
            s.child.sendcontrol("c")
            s.child.expect(pexpect.EOF)
            s.child.close()
            expected = signal.SIGINT
        else:
            # The terminal goes away (its master side closes): the kernel sends SIGHUP.
            os.close(s.child.child_fd)
            for _ in range(1500):
                if not s.child.isalive():
                    break
                time.sleep(0.01)
            expected = signal.SIGHUP
        assert s.child.signalstatus == expected, f"{how}: exit {s.child.exitstatus} signal {s.child.signalstatus}"
        assert "contoso-payments" in whole_set(folder), how


SCENARIOS = [value for name, value in sorted(globals().items()) if name.startswith("scenario_")]


def main():
    passed = failed = 0
    for scenario in SCENARIOS:
        folder = tempfile.mkdtemp(prefix="fnharden-pty-")
        try:
            scenario(folder)
            passed += 1
            print(f"ok   {scenario.__name__}")
        except Exception:  # a failing scenario must not hide the others
            failed += 1
            print(f"FAIL {scenario.__name__}")
            traceback.print_exc(file=sys.stdout)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
