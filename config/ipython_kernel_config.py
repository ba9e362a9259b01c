# Installed with crm-lessons into <environment>/etc/ipython/, where every IPython kernel of the
# course environment reads it: errors from crm functions show as short named messages, and a
# notebook opened with stored outputs but a new kernel says kindly to run the cells above first.
c = get_config()  # noqa: F821  (provided by IPython when it reads this file)
c.InteractiveShellApp.extensions = ["crm_lessons._notebook_errors"]
