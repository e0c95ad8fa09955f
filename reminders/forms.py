from django import forms

from .models import ReminderPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["optional_reminders", "language"]
        widgets = {"language": forms.RadioSelect}
